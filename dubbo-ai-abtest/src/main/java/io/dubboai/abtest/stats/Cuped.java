package io.dubboai.abtest.stats;

import java.util.ArrayList;
import java.util.List;

/**
 * CUPED (Controlled-experiment Using Pre-Experiment Data): variance reduction with a pre-period covariate.
 *
 * <p>Source: A. Deng, Y. Xu, R. Kohavi and T. Walker, "Improving the Sensitivity of Online Controlled Experiments by
 * Utilizing Pre-Experiment Data", WSDM 2013, section 3. Each unit's metric {@code Y} is replaced by
 * {@code Y - theta (X - mean(X))} with one {@code theta = cov(Y, X) / var(X)} for all arms, estimated on the units of
 * all arms pooled, and {@code mean(X)} the pooled covariate mean. The difference of adjusted means stays unbiased
 * (the covariate is measured before assignment) and its variance shrinks by the factor {@code 1 - rho^2}. From
 * per-arm moments:
 *
 * <pre>
 *   theta     = C_xy / C_xx,  C_ab = sum_i [ (n_i - 1) cov_i(a, b) + n_i (a_i - a)(b_i - b) ]   (pooled co-moments)
 *   mean'_i   = meanY_i - theta (meanX_i - meanX)
 *   var'_i    = varY_i - 2 theta cov_i + theta^2 varX_i                                     (exact for the sample)
 * </pre>
 *
 * <p>The adjusted {@link Summary summaries} feed {@link WelchTTest}, {@link Lift} and {@link MixtureSequentialTest}
 * unchanged. A constant covariate gives {@code theta = 0}: no adjustment.
 */
public final class Cuped {

    private Cuped() {}

    /**
     * The adjustment of every arm.
     *
     * @param theta the one coefficient used for all arms
     * @param arms the adjusted summaries, in the order given
     */
    public record Adjusted(double theta, List<Summary> arms) {

        public Adjusted {
            arms = List.copyOf(arms);
        }
    }

    /** Adjusts every arm (at least two) with the pooled {@code theta}. */
    public static Adjusted adjust(List<CupedArm> arms) {
        double theta = theta(arms);
        double meanX = pooledMeanX(arms);
        List<Summary> adjusted = new ArrayList<>(arms.size());
        for (CupedArm arm : arms) {
            double mean = arm.meanY() - theta * (arm.meanX() - meanX);
            double variance = arm.varianceY() - 2 * theta * arm.covariance() + theta * theta * arm.varianceX();
            adjusted.add(new Summary(arm.n(), mean, Math.max(0, variance)));
        }
        return new Adjusted(theta, adjusted);
    }

    /** The pooled {@code theta = cov(Y, X) / var(X)} over the units of all arms. */
    public static double theta(List<CupedArm> arms) {
        if (arms.size() < 2) {
            throw new IllegalArgumentException("CUPED compares at least 2 arms, got " + arms.size());
        }
        double meanX = pooledMeanX(arms);
        double n = 0;
        double sumY = 0;
        for (CupedArm arm : arms) {
            n += arm.n();
            sumY += arm.n() * arm.meanY();
        }
        double meanY = sumY / n;
        double cxy = 0;
        double cxx = 0;
        for (CupedArm arm : arms) {
            double dx = arm.meanX() - meanX;
            cxy += (arm.n() - 1) * arm.covariance() + arm.n() * dx * (arm.meanY() - meanY);
            cxx += (arm.n() - 1) * arm.varianceX() + arm.n() * dx * dx;
        }
        return cxx > 0 ? cxy / cxx : 0;
    }

    private static double pooledMeanX(List<CupedArm> arms) {
        double n = 0;
        double sum = 0;
        for (CupedArm arm : arms) {
            n += arm.n();
            sum += arm.n() * arm.meanX();
        }
        return sum / n;
    }
}
