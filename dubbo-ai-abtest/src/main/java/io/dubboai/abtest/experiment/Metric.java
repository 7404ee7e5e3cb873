package io.dubboai.abtest.experiment;

import io.dubboai.abtest.MetricKind;

/**
 * A metric an experiment can be judged on.
 *
 * @param name the metric's name, as outcomes and the catalog know it (e.g. {@code conversion})
 * @param kind conversion (0/1 per unit) or numeric
 * @param better whether higher or lower values are better (a guardrail is harmed when it moves the other way)
 */
public record Metric(String name, MetricKind kind, Direction better) {

    /** Which way a metric improves. */
    public enum Direction {
        HIGHER,
        LOWER
    }

    public Metric {
        if (name.isBlank()) {
            throw new IllegalArgumentException("a metric needs a name, e.g. 'conversion'");
        }
    }
}
