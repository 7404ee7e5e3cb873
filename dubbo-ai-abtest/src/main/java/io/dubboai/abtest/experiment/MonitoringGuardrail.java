package io.dubboai.abtest.experiment;

import org.jspecify.annotations.Nullable;

/**
 * A guardrail read from monitoring rather than from outcomes: a serving metric of each variant's version (error rate,
 * a latency quantile, throughput) compared with the control's version through monitoring's analysis API. A variant
 * that degrades it beyond a threshold stops the experiment for harm.
 *
 * @param metric a metric of {@link MetricCatalog#monitoringMetrics()}, e.g. {@code error_rate}, {@code latency_p99}
 * @param maxDegradation largest allowed degradation in the metric's unit (e.g. 0.01 = one point of error rate; a
 *     degradation is an increase, or a decrease for throughput)
 * @param maxRelativeDegradation largest allowed degradation as a share of the control's value (e.g. 0.2 = 20 %)
 */
public record MonitoringGuardrail(
        String metric,
        @Nullable Double maxDegradation,
        @Nullable Double maxRelativeDegradation) {}
