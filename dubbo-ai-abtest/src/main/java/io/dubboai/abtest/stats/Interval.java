package io.dubboai.abtest.stats;

/**
 * A two-sided interval for a difference {@code treatment - control}.
 *
 * @param lower lower bound
 * @param upper upper bound, not below {@code lower}
 */
public record Interval(double lower, double upper) {

    public Interval {
        if (!(lower <= upper)) {
            throw new IllegalArgumentException("interval lower bound " + lower + " is above upper bound " + upper);
        }
    }

    /** Whether {@code value} lies in the closed interval. */
    public boolean contains(double value) {
        return lower <= value && value <= upper;
    }

    /** {@code upper - lower}. */
    public double width() {
        return upper - lower;
    }
}
