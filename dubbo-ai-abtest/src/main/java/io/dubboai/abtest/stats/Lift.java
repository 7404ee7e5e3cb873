package io.dubboai.abtest.stats;

/**
 * Large-sample confidence intervals for the lift of a treatment over a control, absolute and relative.
 *
 * <p>Sources: the absolute interval is the Wald interval {@code (m_t - m_c) +- z_{1-alpha/2} * sqrt(v_t/n_t +
 * v_c/n_c)} (for proportions, Agresti, <i>Categorical Data Analysis</i>, 3rd ed., section 3.1.3; the unpooled
 * standard error of {@link TwoProportionZTest#unpooled}). The relative interval applies the delta method to the
 * ratio of the two means, as in A. Deng, U. Knoblich and J. Lu, "Applying the Delta Method in Metric Analytics",
 * KDD 2018, and R. Kohavi, D. Tang and Y. Xu, <i>Trustworthy Online Controlled Experiments</i> (2020), chapter 18:
 *
 * <pre>
 *   r = m_t / m_c - 1
 *   Var(r) ~ v_t / (n_t m_c^2) + m_t^2 v_c / (n_c m_c^4)        CI = r +- z_{1-alpha/2} * sqrt(Var(r))
 * </pre>
 *
 * <p>Both use the normal quantile (large samples); for small numeric samples use
 * {@link WelchTTest#confidenceInterval}. The relative lift is undefined when the control mean is zero.
 */
public final class Lift {

    private Lift() {}

    /** The {@code 1 - alpha} interval for {@code m_t - m_c}. */
    public static Interval absolute(Summary control, Summary treatment, double alpha) {
        double critical = Normal.twoSidedCritical(alpha);
        double difference = treatment.mean() - control.mean();
        double half = critical * Math.sqrt(treatment.varianceOfMean() + control.varianceOfMean());
        return new Interval(difference - half, difference + half);
    }

    /** The relative lift {@code m_t / m_c - 1}. */
    public static double relative(Summary control, Summary treatment) {
        return treatment.mean() / requireNonZeroControl(control) - 1;
    }

    /** The {@code 1 - alpha} delta-method interval for {@code m_t / m_c - 1}. */
    public static Interval relativeInterval(Summary control, Summary treatment, double alpha) {
        double critical = Normal.twoSidedCritical(alpha);
        double mc = requireNonZeroControl(control);
        double mt = treatment.mean();
        double variance =
                treatment.varianceOfMean() / (mc * mc) + mt * mt * control.varianceOfMean() / (mc * mc * mc * mc);
        double lift = mt / mc - 1;
        double half = critical * Math.sqrt(variance);
        return new Interval(lift - half, lift + half);
    }

    private static double requireNonZeroControl(Summary control) {
        if (control.mean() == 0) {
            throw new IllegalArgumentException("the relative lift is undefined when the control mean is 0 (n = "
                    + control.n() + "); report the absolute lift instead");
        }
        return control.mean();
    }
}
