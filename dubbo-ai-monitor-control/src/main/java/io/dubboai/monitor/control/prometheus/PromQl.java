package io.dubboai.monitor.control.prometheus;

import io.dubboai.monitor.control.analysis.AnalysisMetric;
import io.dubboai.monitor.control.analysis.MetricCheck;
import io.dubboai.monitor.control.analysis.ModelMetricQueries;
import java.time.Duration;
import java.util.Locale;

/** The PromQL of the built-in metrics, and the substitution of custom queries. */
public final class PromQl {

    private PromQl() {}

    /** A PromQL string literal of {@code value}: quotes and backslashes escaped. */
    public static String quote(String value) {
        return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + '"';
    }

    /** A range of whole seconds, e.g. {@code 300s}. */
    public static String range(Duration window) {
        return Math.max(1, window.toSeconds()) + "s";
    }

    /** The query of {@code check} for one version. */
    public static String query(MetricCheck check, String model, String version, Duration window) {
        String selector =
                ModelMetricQueries.MODEL + "=" + quote(model) + "," + ModelMetricQueries.VERSION + "=" + quote(version);
        String range = "[" + range(window) + "]";
        AnalysisMetric metric = check.metric();
        return switch (metric) {
            case ERROR_RATE ->
                "(sum(rate(" + ModelMetricQueries.REQUESTS + "{" + selector + ","
                        + ModelMetricQueries.OUTCOME + "=\"" + ModelMetricQueries.ERROR + "\"}" + range
                        + ")) or vector(0)) / sum(rate(" + ModelMetricQueries.REQUESTS + "{" + selector + "}" + range
                        + "))";
            case THROUGHPUT -> "sum(rate(" + ModelMetricQueries.REQUESTS + "{" + selector + "}" + range + "))";
            case CUSTOM ->
                String.valueOf(check.query())
                        .replace("$model", model)
                        .replace("$version", version)
                        .replace("$window", range(window));
            default ->
                String.format(
                        Locale.ROOT,
                        "histogram_quantile(%s, sum by (le) (rate(%s{%s,%s=\"%s\"}%s)))",
                        metric.quantile().orElseThrow(),
                        ModelMetricQueries.LATENCY_BUCKET,
                        selector,
                        ModelMetricQueries.OUTCOME,
                        ModelMetricQueries.SUCCESS,
                        range);
        };
    }
}
