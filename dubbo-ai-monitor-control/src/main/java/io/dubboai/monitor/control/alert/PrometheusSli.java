package io.dubboai.monitor.control.alert;

import io.dubboai.monitor.control.analysis.ModelMetricQueries;
import io.dubboai.monitor.control.prometheus.PromQl;
import io.dubboai.monitor.control.prometheus.PrometheusClient;
import io.dubboai.monitor.control.prometheus.PrometheusException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Indicators by PromQL instant queries on Prometheus ({@link #query} has the expressions). */
public final class PrometheusSli implements SliSource {

    private final PrometheusClient client;

    /** @param client the Prometheus to query */
    public PrometheusSli(PrometheusClient client) {
        this.client = client;
    }

    /**
     * The PromQL of {@code rule}'s indicator over {@code window}:
     * <ul>
     *   <li>error rate: {@code (sum(rate(requests{outcome="error"}[W])) or vector(0)) / sum(rate(requests[W]))};
     *   <li>latency: {@code 1 - sum(rate(bucket{outcome="success",le="T"}[W])) / sum(rate(bucket{outcome="success",le="+Inf"}[W]))};
     *   <li>throughput: {@code sum(rate(requests[W]))}.
     * </ul>
     */
    public static String query(SloRule rule, Duration window) {
        String selector = ModelMetricQueries.MODEL + "=" + PromQl.quote(rule.model()) + "," + ModelMetricQueries.VERSION
                + "=" + PromQl.quote(rule.version());
        String range = "[" + PromQl.range(window) + "]";
        String requests = ModelMetricQueries.REQUESTS;
        String success = ModelMetricQueries.OUTCOME + "=\"" + ModelMetricQueries.SUCCESS + "\"";
        return switch (rule.metric()) {
            case ERROR_RATE ->
                "(sum(rate(" + requests + "{" + selector + "," + ModelMetricQueries.OUTCOME + "=\""
                        + ModelMetricQueries.ERROR + "\"}" + range + ")) or vector(0)) / sum(rate(" + requests + "{"
                        + selector + "}" + range + "))";
            case LATENCY -> {
                String bucket = ModelMetricQueries.LATENCY_BUCKET + "{" + selector + "," + success + ",";
                yield "1 - sum(rate(" + bucket + "le=\"" + le(rule.thresholdSeconds()) + "\"}" + range
                        + ")) / sum(rate(" + bucket + "le=\"+Inf\"}" + range + "))";
            }
            case THROUGHPUT -> "sum(rate(" + requests + "{" + selector + "}" + range + "))";
        };
    }

    /** The {@code le} label Micrometer's Prometheus registry writes for a bucket bound (Java's double text). */
    static String le(double seconds) {
        return Double.toString(seconds);
    }

    @Override
    public double value(SloRule rule, Duration window, Instant at) {
        String query = query(rule, window);
        List<PrometheusClient.Series> series = client.query(query, at);
        if (series.isEmpty()) {
            return Double.NaN;
        }
        if (series.size() > 1) {
            throw new PrometheusException("query " + query + " answered " + series.size() + " series, expected one");
        }
        List<PrometheusClient.Point> points = series.get(0).points();
        return points.isEmpty() ? Double.NaN : points.get(points.size() - 1).value();
    }

    @Override
    public String describe() {
        return "prometheus " + client.describe();
    }
}
