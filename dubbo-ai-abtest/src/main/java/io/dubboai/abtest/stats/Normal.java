package io.dubboai.abtest.stats;

import org.apache.commons.statistics.distribution.NormalDistribution;

/** The standard normal distribution's two-sided tail and quantile, and the one check of a significance level. */
final class Normal {

    private static final NormalDistribution STANDARD = NormalDistribution.of(0, 1);

    private Normal() {}

    /** {@code P(|Z| >= |z|)}, from the survival function so that tiny p-values keep their precision. */
    static double twoSidedP(double z) {
        return Math.min(1.0, 2 * STANDARD.survivalProbability(Math.abs(z)));
    }

    /** The critical value {@code z_{1 - alpha/2}} of a two-sided test or interval. */
    static double twoSidedCritical(double alpha) {
        return STANDARD.inverseSurvivalProbability(requireAlpha(alpha) / 2);
    }

    /** The quantile {@code z_p}. */
    static double quantile(double p) {
        return STANDARD.inverseCumulativeProbability(p);
    }

    static double requireAlpha(double alpha) {
        if (!(alpha > 0 && alpha < 1)) {
            throw new IllegalArgumentException("alpha must be between 0 and 1 (exclusive), e.g. 0.05; was " + alpha);
        }
        return alpha;
    }
}
