package io.dubboai.abtest.ledger;

import io.dubboai.abtest.stats.Summary;

/**
 * Sufficient statistics of one metric in one variant, over units.
 *
 * @param n units counted: every tracked unit for a conversion, the units that reported a value for a numeric metric
 * @param sum sum of the per-unit values (conversions: units converted)
 * @param sumOfSquares sum of the squared per-unit values
 */
public record MetricTally(long n, double sum, double sumOfSquares) {

    static final MetricTally EMPTY = new MetricTally(0, 0, 0);

    MetricTally plus(double value) {
        return new MetricTally(n + 1, sum + value, sumOfSquares + value * value);
    }

    /** The mean, 0 without units. */
    public double mean() {
        return n == 0 ? 0 : sum / n;
    }

    /** These statistics as the {@link Summary} the tests read (unbiased variance; 0 below two units). */
    public Summary summary() {
        if (n < 2) {
            return new Summary(n, mean(), 0);
        }
        double mean = sum / n;
        double variance = Math.max(0, (sumOfSquares - n * mean * mean) / (n - 1));
        return new Summary(n, mean, variance);
    }
}
