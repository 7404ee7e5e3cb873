package io.dubboai.abtest.stats;

/**
 * The outcome of a fixed-horizon two-sided test of "no difference".
 *
 * @param difference the estimate {@code treatment - control}
 * @param standardError the standard error the statistic divides by
 * @param statistic z or t
 * @param degreesOfFreedom the t distribution's degrees of freedom; {@code Double.POSITIVE_INFINITY} for a z-test
 * @param pValue two-sided p-value
 */
public record TestResult(
        double difference, double standardError, double statistic, double degreesOfFreedom, double pValue) {

    /** Whether the p-value is below {@code alpha}. */
    public boolean significantAt(double alpha) {
        return pValue < alpha;
    }
}
