package io.dubboai.monitor.control.analysis;

import org.jspecify.annotations.Nullable;

/**
 * One metric to compare and how much worse the candidate may be. A degradation is {@code candidate − baseline} for
 * metrics where higher is worse and {@code baseline − candidate} otherwise (throughput). Without any threshold the
 * metric is only reported ({@link MetricStatus#REPORTED}).
 *
 * @param metric what to compare
 * @param maxDegradation largest allowed degradation in the metric's unit (e.g. {@code 0.01} for one point of error
 *     rate); null: not checked; at least 0
 * @param maxRelativeDegradation largest allowed degradation as a share of the baseline (e.g. {@code 0.2}: 20 %);
 *     null: not checked; at least 0
 * @param query the PromQL expression of a {@link AnalysisMetric#CUSTOM} metric, null otherwise
 * @param higherIsWorse for a custom metric, whether a larger value is worse; ignored for the others
 */
public record MetricCheck(
        AnalysisMetric metric,
        @Nullable Double maxDegradation,
        @Nullable Double maxRelativeDegradation,
        @Nullable String query,
        boolean higherIsWorse) {

    /** Validates the thresholds and the query. */
    public MetricCheck {
        requireThreshold("maxDegradation", maxDegradation);
        requireThreshold("maxRelativeDegradation", maxRelativeDegradation);
        if (metric == AnalysisMetric.CUSTOM) {
            if (query == null || query.isBlank()) {
                throw new IllegalArgumentException(
                        "Metric 'custom' needs a PromQL 'query', e.g. sum(rate(my_metric{version=\"$version\"}[$window]))");
            }
        } else {
            if (query != null) {
                throw new IllegalArgumentException(
                        "Metric '" + metric.id() + "' takes no 'query'; only 'custom' metrics carry PromQL");
            }
            higherIsWorse = metric.higherIsWorse();
        }
    }

    /** A built-in metric with an absolute threshold (null: only reported). */
    public static MetricCheck of(AnalysisMetric metric, @Nullable Double maxDegradation) {
        return new MetricCheck(metric, maxDegradation, null, null, metric.higherIsWorse());
    }

    private static void requireThreshold(String field, @Nullable Double value) {
        if (value != null && !(value >= 0 && Double.isFinite(value))) {
            throw new IllegalArgumentException(field + " must be a finite number ≥ 0, but was " + value);
        }
    }
}
