package io.dubboai.monitor.drift;

/**
 * One statistic of one feature.
 *
 * @param feature the feature
 * @param statistic which statistic
 * @param value its value (KS: D; chi-square: Pearson's statistic; Wasserstein: W1 over the reference's IQR)
 * @param pValue the p-value of the tests (KS, chi-square); {@code NaN} for the effect sizes
 * @param threshold the threshold compared with: α for the tests (against the p-value), else against the value
 * @param drifted whether it crossed the threshold
 */
public record DriftFinding(
        String feature, Statistic statistic, double value, double pValue, double threshold, boolean drifted) {}
