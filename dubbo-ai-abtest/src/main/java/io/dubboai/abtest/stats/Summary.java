package io.dubboai.abtest.stats;

/**
 * What the statistics need to know about one arm: the number of units, the mean of the metric per unit and the
 * variance of one unit's value. The standard error of the mean is {@code sqrt(variance / n)}.
 *
 * <p>For a conversion metric, {@link #ofConversions} uses the Bernoulli variance {@code p(1 - p)} (the maximum
 * likelihood estimate, as in the unpooled Wald interval); for a numeric metric, {@link #ofValues} uses the unbiased
 * sample variance ({@code n - 1} in the denominator), as Welch's test does.
 *
 * @param n number of units, at least 1
 * @param mean mean value per unit, finite
 * @param variance variance of one unit's value, finite and not negative
 */
public record Summary(long n, double mean, double variance) {

    public Summary {
        if (n < 1) {
            throw new IllegalArgumentException("n must be at least 1, was " + n);
        }
        if (!Double.isFinite(mean)) {
            throw new IllegalArgumentException("mean must be finite, was " + mean);
        }
        if (!(variance >= 0) || Double.isInfinite(variance)) {
            throw new IllegalArgumentException("variance must be finite and not negative, was " + variance);
        }
    }

    /** A conversion metric: {@code successes} of {@code trials} units converted. */
    public static Summary ofConversions(long successes, long trials) {
        Proportion proportion = new Proportion(successes, trials);
        double p = proportion.rate();
        return new Summary(trials, p, p * (1 - p));
    }

    /** A numeric metric: mean and unbiased sample variance of {@code values} (two passes; at least 2 values). */
    public static Summary ofValues(double[] values) {
        if (values.length < 2) {
            throw new IllegalArgumentException(
                    "a numeric metric needs at least 2 values for a variance, got " + values.length);
        }
        double sum = 0;
        for (double value : values) {
            sum += value;
        }
        double mean = sum / values.length;
        double squares = 0;
        for (double value : values) {
            double d = value - mean;
            squares += d * d;
        }
        return new Summary(values.length, mean, squares / (values.length - 1));
    }

    /** The squared standard error of the mean, {@code variance / n}. */
    public double varianceOfMean() {
        return variance / n;
    }
}
