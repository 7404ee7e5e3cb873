package io.dubboai.monitor.control.spring;

import io.dubboai.monitor.control.ModelMonitoringComponent;
import io.dubboai.monitor.control.TimeSeries;
import io.dubboai.monitor.control.analysis.AnalysisMetric;
import io.dubboai.monitor.control.analysis.AnalysisRequest;
import io.dubboai.monitor.control.analysis.AnalysisResult;
import io.dubboai.monitor.control.analysis.MetricCheck;
import io.dubboai.monitor.control.scrape.TargetStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * REST API of model monitoring. Reads only: the analysis is a {@code POST} because its request has a body (the server
 * lists it among the read-only POST paths, so viewers may call it).
 */
@RestController
@RequestMapping("/api/v1/ai/monitoring")
public class MonitoringController {

    private final ModelMonitoringComponent component;

    /** @param component the component that answers */
    public MonitoringController(ModelMonitoringComponent component) {
        this.component = component;
    }

    /** One metric of an analysis request, as JSON. */
    public record MetricBody(
            @Nullable String metric,
            @Nullable Double maxDegradation,
            @Nullable Double maxRelativeDegradation,
            @Nullable String query,
            @Nullable Boolean higherIsWorse) {}

    /** An analysis request, as JSON; {@code window} ISO-8601 ({@code PT5M}), {@code at} ISO-8601 instant. */
    public record AnalysisBody(
            @Nullable String model,
            @Nullable String baseline,
            @Nullable String candidate,
            @Nullable String window,
            @Nullable List<MetricBody> metrics,
            @Nullable String at,
            @Nullable String backend) {}

    /** Compares the candidate with the baseline. */
    @PostMapping("/analyses")
    public AnalysisResult analyse(@RequestBody AnalysisBody body) {
        List<MetricBody> metrics = body.metrics() == null ? List.of() : body.metrics();
        List<MetricCheck> checks = metrics.stream()
                .map(m -> {
                    if (m.metric() == null) {
                        throw new IllegalArgumentException("every entry of 'metrics' needs a 'metric' name");
                    }
                    AnalysisMetric metric = AnalysisMetric.of(m.metric());
                    return new MetricCheck(
                            metric,
                            m.maxDegradation(),
                            m.maxRelativeDegradation(),
                            m.query(),
                            m.higherIsWorse() == null ? metric.higherIsWorse() : m.higherIsWorse());
                })
                .toList();
        AnalysisRequest request = new AnalysisRequest(
                body.model(),
                body.baseline(),
                body.candidate(),
                duration("window", body.window()),
                checks,
                body.at() == null ? null : instant(body.at()));
        return component.analysis(body.backend()).compare(request);
    }

    /** Per-version time series of a model for charts. */
    @GetMapping("/models/{model}/series")
    public List<TimeSeries> series(
            @PathVariable String model,
            @RequestParam(defaultValue = "PT15M") String window,
            @RequestParam(defaultValue = "PT30S") String step) {
        return component.series(model, duration("window", window), duration("step", step));
    }

    /** The providers being scraped and their health. */
    @GetMapping("/targets")
    public List<TargetStatus> targets() {
        return component.targets();
    }

    static Duration duration(String field, @Nullable String text) {
        if (text == null) {
            throw new IllegalArgumentException(field + " is required, e.g. PT5M");
        }
        try {
            return Duration.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(field + " '" + text + "' is not an ISO-8601 duration, e.g. PT5M");
        }
    }

    private static Instant instant(String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(
                    "at '" + text + "' is not an ISO-8601 instant, e.g. 2026-12-06T10:15:30Z");
        }
    }
}
