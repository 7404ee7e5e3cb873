package io.dubboai.abtest.stats;

/**
 * The two-proportion z-test of {@code H0: p_treatment = p_control}, in its two textbook variants.
 *
 * <p>Source: the large-sample test for two binomial proportions, e.g. Agresti, <i>Categorical Data Analysis</i>
 * (3rd ed., 2013), section 3.1.3, and NIST/SEMATECH e-Handbook of Statistical Methods, section 7.3.3.
 * With {@code d = p_t - p_c}:
 *
 * <ul>
 *   <li><b>pooled</b> ({@link #pooled}): {@code z = d / sqrt(p(1-p)(1/n_t + 1/n_c))} with the pooled rate
 *       {@code p = (x_t + x_c)/(n_t + n_c)}: the standard error under {@code H0}. This is the hypothesis test we use
 *       for fixed-horizon results; it equals the Pearson chi-square test of the 2x2 table without Yates' correction
 *       ({@code z^2 = X^2}), and it is what statsmodels' {@code proportions_ztest} computes.
 *   <li><b>unpooled</b> ({@link #unpooled}): {@code z = d / sqrt(p_t(1-p_t)/n_t + p_c(1-p_c)/n_c)}: the Wald
 *       standard error of {@code d} itself. We use it wherever the variance of the estimate is needed rather than
 *       the variance under {@code H0}: the confidence intervals of {@link Lift} and the sequential test
 *       {@link MixtureSequentialTest}, whose interval must hold for every true difference, not only for zero.
 * </ul>
 *
 * <p>Both are two-sided; the p-value is {@code 2 * P(Z > |z|)}. When the standard error is zero (no conversions, or
 * only conversions, in both arms) the statistic is 0 and the p-value 1: the data show no difference.
 */
public final class TwoProportionZTest {

    private TwoProportionZTest() {}

    /** The pooled test: the standard error under {@code H0}. */
    public static TestResult pooled(Proportion control, Proportion treatment) {
        double pooled =
                (double) (control.successes() + treatment.successes()) / (control.trials() + treatment.trials());
        double se = Math.sqrt(pooled * (1 - pooled) * (1.0 / control.trials() + 1.0 / treatment.trials()));
        return result(treatment.rate() - control.rate(), se);
    }

    /** The unpooled (Wald) test: the standard error of the estimated difference. */
    public static TestResult unpooled(Proportion control, Proportion treatment) {
        double pc = control.rate();
        double pt = treatment.rate();
        double se = Math.sqrt(pt * (1 - pt) / treatment.trials() + pc * (1 - pc) / control.trials());
        return result(pt - pc, se);
    }

    private static TestResult result(double difference, double se) {
        double z = se > 0 ? difference / se : 0;
        return new TestResult(difference, se, z, Double.POSITIVE_INFINITY, Normal.twoSidedP(z));
    }
}
