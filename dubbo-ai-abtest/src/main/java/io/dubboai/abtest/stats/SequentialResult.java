package io.dubboai.abtest.stats;

/**
 * One look of the always-valid test ({@link MixtureSequentialTest}).
 *
 * @param estimate the estimated difference {@code treatment - control}
 * @param standardError its standard error (0: no information yet)
 * @param n units behind the estimate, both arms together
 * @param interval the confidence sequence at this look
 * @param logLikelihoodRatio natural log of the mixture likelihood ratio
 * @param pValue {@code min(1, 1/L)} at this look; the running minimum over looks is the always-valid p-value
 * @param significant whether the interval excludes 0 ({@code L >= 1/alpha})
 */
public record SequentialResult(
        double estimate,
        double standardError,
        long n,
        Interval interval,
        double logLikelihoodRatio,
        double pValue,
        boolean significant) {}
