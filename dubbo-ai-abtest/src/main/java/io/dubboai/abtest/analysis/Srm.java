package io.dubboai.abtest.analysis;

/**
 * The sample-ratio check of the exposures against the allocation (Pearson's chi-square, flagged at p < 0.001).
 *
 * @param chiSquare the statistic
 * @param pValue its p-value
 * @param mismatch whether the split is off: results cannot be trusted, no decision is taken
 */
public record Srm(double chiSquare, double pValue, boolean mismatch) {}
