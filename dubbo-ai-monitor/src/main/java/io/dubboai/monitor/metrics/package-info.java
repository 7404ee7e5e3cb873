/**
 * Micrometer metrics of model calls: the provider and consumer filters, the batcher observer, the meter names. Meters
 * go to the registry Dubbo's own metrics use ({@link io.dubboai.monitor.metrics.DubboMeterRegistry}), so they appear
 * on the QoS port's Prometheus {@code /metrics}.
 */
@NullMarked
package io.dubboai.monitor.metrics;

import org.jspecify.annotations.NullMarked;
