package io.dubboai.abtest.stats;

import org.apache.commons.statistics.distribution.TDistribution;

/**
 * Welch's unequal-variances t-test of {@code H0: mean_treatment = mean_control}, and its confidence interval.
 *
 * <p>Source: B. L. Welch, "The generalization of 'Student's' problem when several different population variances are
 * involved", <i>Biometrika</i> 34 (1947) 28-35; degrees of freedom by the Welch-Satterthwaite equation
 * (F. E. Satterthwaite, <i>Biometrics Bulletin</i> 2 (1946) 110-114). With {@code v_i = s_i^2 / n_i}:
 *
 * <pre>
 *   t  = (m_t - m_c) / sqrt(v_t + v_c)
 *   df = (v_t + v_c)^2 / (v_t^2 / (n_t - 1) + v_c^2 / (n_c - 1))
 *   p  = 2 * P(T_df > |t|)          CI = (m_t - m_c) +- t_{df, 1 - alpha/2} * sqrt(v_t + v_c)
 * </pre>
 *
 * <p>Each arm needs at least two units. When both variances are zero the statistic is 0 (equal means) or infinite
 * (different means) and the p-value 1 or 0.
 */
public final class WelchTTest {

    private WelchTTest() {}

    /** The two-sided test; {@link Summary#variance()} must be the unbiased sample variance. */
    public static TestResult test(Summary control, Summary treatment) {
        requireTwo(control, "control");
        requireTwo(treatment, "treatment");
        double vc = control.varianceOfMean();
        double vt = treatment.varianceOfMean();
        double se = Math.sqrt(vc + vt);
        double difference = treatment.mean() - control.mean();
        if (se == 0) {
            return new TestResult(
                    difference,
                    0,
                    difference == 0 ? 0 : Math.copySign(Double.POSITIVE_INFINITY, difference),
                    Double.NaN,
                    difference == 0 ? 1 : 0);
        }
        double df = degreesOfFreedom(control, treatment);
        double t = difference / se;
        double p = Math.min(1.0, 2 * TDistribution.of(df).survivalProbability(Math.abs(t)));
        return new TestResult(difference, se, t, df, p);
    }

    /** The {@code 1 - alpha} confidence interval for {@code mean_treatment - mean_control}. */
    public static Interval confidenceInterval(Summary control, Summary treatment, double alpha) {
        Normal.requireAlpha(alpha);
        TestResult test = test(control, treatment);
        if (test.standardError() == 0) {
            return new Interval(test.difference(), test.difference());
        }
        double critical = TDistribution.of(test.degreesOfFreedom()).inverseSurvivalProbability(alpha / 2);
        double half = critical * test.standardError();
        return new Interval(test.difference() - half, test.difference() + half);
    }

    /** The Welch-Satterthwaite degrees of freedom. */
    static double degreesOfFreedom(Summary control, Summary treatment) {
        double vc = control.varianceOfMean();
        double vt = treatment.varianceOfMean();
        double sum = vc + vt;
        return sum * sum / (vt * vt / (treatment.n() - 1) + vc * vc / (control.n() - 1));
    }

    private static void requireTwo(Summary arm, String which) {
        if (arm.n() < 2) {
            throw new IllegalArgumentException(
                    "Welch's t-test needs at least 2 units per arm; the " + which + " arm has " + arm.n());
        }
    }
}
