package io.dubboai.monitor.control.alert;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What an {@link SloRule} watches. */
public enum SloMetric {
    /** The share of failed calls; the rule's {@code target} is the share of good calls, e.g. 0.999. */
    ERROR_RATE("error_rate"),
    /**
     * The share of successful calls slower than the rule's {@code thresholdSeconds}; the rule's {@code quantile}
     * (e.g. 0.99: "p99 under 250 ms") says how many must be faster.
     */
    LATENCY("latency"),
    /** Calls per second; the rule's {@code minimum} is the lowest acceptable rate. */
    THROUGHPUT("throughput");

    private final String id;

    SloMetric(String id) {
        this.id = id;
    }

    /** The name in JSON and the REST API, e.g. {@code error_rate}. */
    @JsonValue
    public String id() {
        return id;
    }

    /** The metric named {@code name} (case-insensitive), with the known names in the message when unknown. */
    @JsonCreator
    public static SloMetric of(String name) {
        for (SloMetric metric : values()) {
            if (metric.id.equals(name.toLowerCase(Locale.ROOT))) {
                return metric;
            }
        }
        throw new IllegalArgumentException("unknown SLO metric '" + name + "'; known: "
                + Arrays.stream(values()).map(SloMetric::id).collect(Collectors.joining(", ")));
    }
}
