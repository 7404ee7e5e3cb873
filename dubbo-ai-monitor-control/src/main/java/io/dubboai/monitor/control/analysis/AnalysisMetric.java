package io.dubboai.monitor.control.analysis;

import java.util.Arrays;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.stream.Collectors;

/**
 * What the analysis can compare. Values are computed over the request's window from the provider meters of
 * {@code dubbo-ai-monitor} ({@code dubbo_ai_model_requests_total}, {@code dubbo_ai_model_latency_seconds_bucket}).
 */
public enum AnalysisMetric {
    /** Share of calls that failed, 0..1. Higher is worse. */
    ERROR_RATE("error_rate", "ratio", true, OptionalDouble.empty()),
    /** Median latency of successful calls, seconds, interpolated in the latency histogram. Higher is worse. */
    LATENCY_P50("latency_p50", "seconds", true, OptionalDouble.of(0.5)),
    /** 90th percentile latency of successful calls, seconds. Higher is worse. */
    LATENCY_P90("latency_p90", "seconds", true, OptionalDouble.of(0.9)),
    /** 95th percentile latency of successful calls, seconds. Higher is worse. */
    LATENCY_P95("latency_p95", "seconds", true, OptionalDouble.of(0.95)),
    /** 99th percentile latency of successful calls, seconds. Higher is worse. */
    LATENCY_P99("latency_p99", "seconds", true, OptionalDouble.of(0.99)),
    /** Calls per second, successful or not, summed over the version's providers. Lower is worse. */
    THROUGHPUT("throughput", "requests/s", false, OptionalDouble.empty()),
    /**
     * A PromQL expression of the caller's ({@link MetricCheck#query()}), Prometheus backend only; {@code $model},
     * {@code $version} and {@code $window} are replaced. Higher is worse unless the check says otherwise.
     */
    CUSTOM("custom", "", true, OptionalDouble.empty());

    private final String id;
    private final String unit;
    private final boolean higherIsWorse;
    private final OptionalDouble quantile;

    AnalysisMetric(String id, String unit, boolean higherIsWorse, OptionalDouble quantile) {
        this.id = id;
        this.unit = unit;
        this.higherIsWorse = higherIsWorse;
        this.quantile = quantile;
    }

    /** The name used in REST and documents, e.g. {@code latency_p99}. */
    public String id() {
        return id;
    }

    /** The unit of the values. */
    public String unit() {
        return unit;
    }

    /** Whether a larger value of the candidate is a degradation (false for throughput). */
    public boolean higherIsWorse() {
        return higherIsWorse;
    }

    /** For latency metrics the quantile, 0..1. */
    public OptionalDouble quantile() {
        return quantile;
    }

    /**
     * The metric named {@code id} (case-insensitive).
     *
     * @throws IllegalArgumentException naming the metric and the known ones
     */
    public static AnalysisMetric of(String id) {
        String wanted = id.trim().toLowerCase(Locale.ROOT);
        for (AnalysisMetric metric : values()) {
            if (metric.id.equals(wanted)) {
                return metric;
            }
        }
        throw new IllegalArgumentException("Unknown metric '" + id + "'; use one of "
                + Arrays.stream(values()).map(AnalysisMetric::id).collect(Collectors.joining(", ")));
    }
}
