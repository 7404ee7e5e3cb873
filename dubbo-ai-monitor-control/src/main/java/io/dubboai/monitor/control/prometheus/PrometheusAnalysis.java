package io.dubboai.monitor.control.prometheus;

import io.dubboai.monitor.control.analysis.AnalysisRequest;
import io.dubboai.monitor.control.analysis.AnalysisResult;
import io.dubboai.monitor.control.analysis.Judge;
import io.dubboai.monitor.control.analysis.MetricCheck;
import io.dubboai.monitor.control.analysis.MetricResult;
import io.dubboai.monitor.control.analysis.MetricStatus;
import io.dubboai.monitor.control.analysis.VersionAnalysis;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The analysis on Prometheus: one instant query per metric and version, evaluated at the end of the window
 * ({@link PromQl} has the expressions). A query that fails (Prometheus down, a malformed custom query) gives that
 * metric {@link MetricStatus#ERROR} with Prometheus' message; an empty answer or NaN gives
 * {@link MetricStatus#NO_DATA}.
 */
public final class PrometheusAnalysis implements VersionAnalysis {

    /** This backend's name. */
    public static final String BACKEND = "prometheus";

    private final PrometheusClient client;
    private final Clock clock;

    /** @param client the Prometheus to query; @param clock gives "now" for requests without an end */
    public PrometheusAnalysis(PrometheusClient client, Clock clock) {
        this.client = client;
        this.clock = clock;
    }

    @Override
    public String backend() {
        return BACKEND;
    }

    @Override
    public AnalysisResult compare(AnalysisRequest request) {
        Instant at = request.at() == null ? clock.instant() : request.at();
        List<MetricResult> results = new ArrayList<>();
        for (MetricCheck check : request.metrics()) {
            String baselineQuery = PromQl.query(check, request.model(), request.baseline(), request.window());
            String candidateQuery = PromQl.query(check, request.model(), request.candidate(), request.window());
            try {
                Double baseline = value(baselineQuery, at);
                Double candidate = value(candidateQuery, at);
                results.add(Judge.judge(check, baseline, candidate, candidateQuery));
            } catch (PrometheusException e) {
                results.add(MetricResult.failed(check, MetricStatus.ERROR, e.getMessage(), candidateQuery));
            }
        }
        return new AnalysisResult(
                request.model(),
                request.baseline(),
                request.candidate(),
                request.window(),
                at,
                BACKEND,
                AnalysisResult.verdictOf(results),
                results);
    }

    private @Nullable Double value(String query, Instant at) {
        List<PrometheusClient.Series> series = client.query(query, at);
        if (series.isEmpty()) {
            return null;
        }
        if (series.size() > 1) {
            throw new PrometheusException("query " + query + " answered " + series.size()
                    + " series; an analysis query must answer one number (aggregate it with sum(...))");
        }
        List<PrometheusClient.Point> points = series.get(0).points();
        return points.isEmpty() ? null : points.get(points.size() - 1).value();
    }
}
