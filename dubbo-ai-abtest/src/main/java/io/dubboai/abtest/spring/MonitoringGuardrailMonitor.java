package io.dubboai.abtest.spring;

import io.dubboai.abtest.experiment.GuardrailMonitor;
import io.dubboai.abtest.experiment.MonitoringGuardrail;
import io.dubboai.monitor.control.analysis.AnalysisMetric;
import io.dubboai.monitor.control.analysis.AnalysisRequest;
import io.dubboai.monitor.control.analysis.AnalysisResult;
import io.dubboai.monitor.control.analysis.MetricCheck;
import io.dubboai.monitor.control.analysis.MetricResult;
import io.dubboai.monitor.control.analysis.VersionAnalysis;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Monitoring guardrails on monitoring's analysis API ({@link VersionAnalysis}: Prometheus when configured, else the
 * control plane's own scrapes). Offers every built-in analysis metric except {@code custom} (which needs a PromQL
 * query of its own). A backend that cannot answer gives {@code ERROR} readings with the reason, never an exception.
 */
final class MonitoringGuardrailMonitor implements GuardrailMonitor {

    /** The metrics offered: the analysis API's built-in ones. */
    static final Set<String> METRICS = builtInMetrics();

    private final Supplier<VersionAnalysis> analysis;

    /** @param analysis the analysis to use now; may throw when monitoring is not running */
    MonitoringGuardrailMonitor(Supplier<VersionAnalysis> analysis) {
        this.analysis = analysis;
    }

    @Override
    public Set<String> metrics() {
        return METRICS;
    }

    @Override
    public List<Reading> read(
            String model,
            String controlVersion,
            String variantVersion,
            List<MonitoringGuardrail> guardrails,
            Duration window) {
        List<Reading> readings = new ArrayList<>();
        AnalysisResult result;
        try {
            List<MetricCheck> checks = guardrails.stream()
                    .map(g -> {
                        AnalysisMetric metric = AnalysisMetric.of(g.metric());
                        return new MetricCheck(
                                metric, g.maxDegradation(), g.maxRelativeDegradation(), null, metric.higherIsWorse());
                    })
                    .toList();
            result = analysis.get()
                    .compare(new AnalysisRequest(model, controlVersion, variantVersion, window, checks, null));
        } catch (RuntimeException e) {
            for (MonitoringGuardrail guardrail : guardrails) {
                readings.add(new Reading(
                        guardrail.metric(),
                        null,
                        null,
                        null,
                        null,
                        "ERROR",
                        "monitoring could not be asked: " + e.getMessage()));
            }
            return readings;
        }
        for (MetricResult metric : result.metrics()) {
            readings.add(new Reading(
                    metric.metric(),
                    metric.baseline(),
                    metric.candidate(),
                    metric.difference(),
                    metric.relativeDifference(),
                    metric.status().name(),
                    metric.message() + " (" + result.backend() + ")"));
        }
        return readings;
    }

    private static Set<String> builtInMetrics() {
        Set<String> ids = new LinkedHashSet<>();
        Arrays.stream(AnalysisMetric.values())
                .filter(metric -> metric != AnalysisMetric.CUSTOM)
                .forEach(metric -> ids.add(metric.id()));
        return Set.copyOf(ids);
    }
}
