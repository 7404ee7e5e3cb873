package io.dubboai.abtest.stats;

/**
 * The outcome of a sample-ratio check.
 *
 * @param chiSquare Pearson's statistic
 * @param degreesOfFreedom variants minus one
 * @param pValue {@code P(chi2 >= chiSquare)}
 * @param mismatch whether the p-value is below the threshold: the split is broken
 */
public record SrmResult(double chiSquare, int degreesOfFreedom, double pValue, boolean mismatch) {}
