package io.dubboai.abtest.experiment;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The metrics experiments may name. The monitoring module's metrics will be offered through it (planned); today a
 * fixed set is given at start-up.
 */
public interface MetricCatalog {

    /** The metric called {@code name}, if it exists. */
    Optional<Metric> find(String name);

    /** Every metric's name, for messages. */
    Set<String> names();

    /**
     * The metrics every deployment knows: {@code conversion} (0/1, higher is better), {@code revenue} and {@code
     * reward} (numeric, higher is better), {@code latency} (numeric, lower is better) and {@code error} (0/1, lower is
     * better). Applications add their own through {@link #of}.
     */
    static MetricCatalog defaults() {
        return of(
                new Metric("conversion", io.dubboai.abtest.MetricKind.CONVERSION, Metric.Direction.HIGHER),
                new Metric("revenue", io.dubboai.abtest.MetricKind.NUMERIC, Metric.Direction.HIGHER),
                new Metric("reward", io.dubboai.abtest.MetricKind.NUMERIC, Metric.Direction.HIGHER),
                new Metric("latency", io.dubboai.abtest.MetricKind.NUMERIC, Metric.Direction.LOWER),
                new Metric("error", io.dubboai.abtest.MetricKind.CONVERSION, Metric.Direction.LOWER));
    }

    /** A catalog of exactly these metrics. */
    static MetricCatalog of(Metric... metrics) {
        Map<String, Metric> byName = new LinkedHashMap<>();
        for (Metric metric : metrics) {
            if (byName.put(metric.name(), metric) != null) {
                throw new IllegalArgumentException("metric '" + metric.name() + "' is listed twice");
            }
        }
        Map<String, Metric> copy = Map.copyOf(byName);
        Set<String> names = Collections.unmodifiableSet(byName.keySet());
        return new MetricCatalog() {
            @Override
            public Optional<Metric> find(String name) {
                return Optional.ofNullable(copy.get(name));
            }

            @Override
            public Set<String> names() {
                return names;
            }
        };
    }
}
