package io.dubboai.abtest.ledger;

import io.dubboai.abtest.stats.CupedArm;
import io.dubboai.abtest.stats.Summary;
import org.jspecify.annotations.Nullable;

/**
 * Sufficient statistics of one metric in one variant, over units.
 *
 * @param n units counted: every tracked unit for a conversion, the units that reported a value for a numeric metric
 * @param sum sum of the per-unit values (conversions: units converted)
 * @param sumOfSquares sum of the squared per-unit values
 * @param covariateUnits of the {@code n} units, those with a pre-period covariate
 * @param sumX sum of their covariates
 * @param sumXX sum of their squared covariates
 * @param sumXY sum of covariate times value over them
 */
public record MetricTally(
        long n, double sum, double sumOfSquares, long covariateUnits, double sumX, double sumXX, double sumXY) {

    static final MetricTally EMPTY = new MetricTally(0, 0, 0);

    /** Statistics without covariates. */
    public MetricTally(long n, double sum, double sumOfSquares) {
        this(n, sum, sumOfSquares, 0, 0, 0, 0);
    }

    MetricTally plus(double value) {
        return new MetricTally(n + 1, sum + value, sumOfSquares + value * value, covariateUnits, sumX, sumXX, sumXY);
    }

    MetricTally plus(double value, @Nullable Double covariate) {
        if (covariate == null) {
            return plus(value);
        }
        double x = covariate;
        return new MetricTally(
                n + 1,
                sum + value,
                sumOfSquares + value * value,
                covariateUnits + 1,
                sumX + x,
                sumXX + x * x,
                sumXY + x * value);
    }

    MetricTally plus(MetricTally other) {
        return new MetricTally(
                n + other.n,
                sum + other.sum,
                sumOfSquares + other.sumOfSquares,
                covariateUnits + other.covariateUnits,
                sumX + other.sumX,
                sumXX + other.sumXX,
                sumXY + other.sumXY);
    }

    /**
     * The moments CUPED needs, when every unit has a covariate and there are at least 2 units; else empty.
     */
    public java.util.Optional<CupedArm> cuped() {
        if (n < 2 || covariateUnits != n) {
            return java.util.Optional.empty();
        }
        double my = sum / n;
        double mx = sumX / n;
        double varY = Math.max(0, (sumOfSquares - n * my * my) / (n - 1));
        double varX = Math.max(0, (sumXX - n * mx * mx) / (n - 1));
        double cov = (sumXY - n * mx * my) / (n - 1);
        return java.util.Optional.of(new CupedArm(n, my, mx, varY, varX, cov));
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
