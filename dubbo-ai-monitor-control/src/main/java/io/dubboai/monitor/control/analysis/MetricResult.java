package io.dubboai.monitor.control.analysis;

import org.jspecify.annotations.Nullable;

/**
 * One metric of an analysis.
 *
 * @param metric the metric's id ({@link AnalysisMetric#id()})
 * @param unit its unit
 * @param baseline the baseline's value, null when unknown
 * @param candidate the candidate's value, null when unknown
 * @param difference {@code candidate − baseline}, null when either is unknown
 * @param relativeDifference {@code difference / baseline}, null when unknown or the baseline is 0
 * @param status the verdict for this metric
 * @param message why it failed or could not be judged; empty otherwise
 * @param query what was evaluated (PromQL on Prometheus, a description on direct scraping)
 */
public record MetricResult(
        String metric,
        String unit,
        @Nullable Double baseline,
        @Nullable Double candidate,
        @Nullable Double difference,
        @Nullable Double relativeDifference,
        MetricStatus status,
        String message,
        String query) {

    /** A result that could not be computed. */
    public static MetricResult failed(MetricCheck check, MetricStatus status, String message, String query) {
        return new MetricResult(
                check.metric().id(), check.metric().unit(), null, null, null, null, status, message, query);
    }
}
