package io.dubboai.abtest.stats;

import org.apache.commons.statistics.distribution.ChiSquaredDistribution;

/**
 * Sample-ratio mismatch (SRM): Pearson's chi-square goodness-of-fit test of the units counted per variant against the
 * configured allocation. A mismatch means assignment or logging is broken and no other result of the experiment can
 * be trusted.
 *
 * <p>Source: A. Fabijan et al., "Diagnosing Sample Ratio Mismatch in Online Controlled Experiments", KDD 2019, and
 * R. Kohavi, D. Tang and Y. Xu, <i>Trustworthy Online Controlled Experiments</i> (2020), chapter 21 (their worked
 * example: 821,588 vs 815,482 units on a 50/50 split, p = 1.8e-6). With {@code N} units in all and allocation
 * weights {@code w_i} (normalised to sum to 1), {@code E_i = N w_i} and
 *
 * <pre>
 *   X^2 = sum (O_i - E_i)^2 / E_i,   df = k - 1,   p = P(chi2_df >= X^2)
 * </pre>
 *
 * <p>No continuity correction (SciPy's {@code chisquare}, not {@code chi2_contingency}'s default Yates correction for
 * 2x2 tables). A mismatch is flagged below {@value #DEFAULT_THRESHOLD}, the threshold both sources recommend: the test
 * runs after every batch, so it must rarely fire by chance.
 */
public final class SampleRatioMismatch {

    /** The p-value below which a split is flagged. */
    public static final double DEFAULT_THRESHOLD = 0.001;

    private SampleRatioMismatch() {}

    /**
     * Tests {@code observed} units per variant against {@code allocation} weights (percentages or any positive
     * weights, in the same order), flagging below {@link #DEFAULT_THRESHOLD}.
     */
    public static SrmResult test(long[] observed, double[] allocation) {
        return test(observed, allocation, DEFAULT_THRESHOLD);
    }

    /** As {@link #test(long[], double[])} with another threshold. */
    public static SrmResult test(long[] observed, double[] allocation, double threshold) {
        Normal.requireAlpha(threshold);
        if (observed.length != allocation.length) {
            throw new IllegalArgumentException("got " + observed.length + " observed counts for " + allocation.length
                    + " allocation weights; give one of each per variant");
        }
        if (observed.length < 2) {
            throw new IllegalArgumentException("a sample-ratio test needs at least 2 variants, got " + observed.length);
        }
        long total = 0;
        double weights = 0;
        for (int i = 0; i < observed.length; i++) {
            if (observed[i] < 0) {
                throw new IllegalArgumentException("observed count " + i + " is negative: " + observed[i]);
            }
            if (!(allocation[i] > 0) || Double.isInfinite(allocation[i])) {
                throw new IllegalArgumentException("allocation weight " + i + " must be positive and finite, was "
                        + allocation[i] + "; leave variants with no traffic out of the test");
            }
            total += observed[i];
            weights += allocation[i];
        }
        if (total == 0) {
            return new SrmResult(0, observed.length - 1, 1, false);
        }
        double statistic = 0;
        for (int i = 0; i < observed.length; i++) {
            double expected = total * allocation[i] / weights;
            double d = observed[i] - expected;
            statistic += d * d / expected;
        }
        int df = observed.length - 1;
        double p = ChiSquaredDistribution.of(df).survivalProbability(statistic);
        return new SrmResult(statistic, df, p, p < threshold);
    }
}
