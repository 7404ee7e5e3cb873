package io.dubboai.abtest.stats;

/**
 * Fixed-horizon sample sizes per arm for a two-sided test at level {@code alpha} with the given power, equal
 * allocation.
 *
 * <p>Sources: for two proportions, J. L. Fleiss, B. Levin and M. C. Paik, <i>Statistical Methods for Rates and
 * Proportions</i> (3rd ed., 2003), formula 4.14 without the continuity correction (the pooled z-test of
 * {@link TwoProportionZTest#pooled}):
 *
 * <pre>
 *   n = ( z_{1-alpha/2} sqrt(2 pbar (1 - pbar)) + z_{power} sqrt(p1 (1 - p1) + p2 (1 - p2)) )^2 / (p2 - p1)^2,
 *   pbar = (p1 + p2) / 2
 * </pre>
 *
 * and for means with a common standard deviation {@code sigma}: {@code n = 2 sigma^2 (z_{1-alpha/2} + z_{power})^2 /
 * delta^2} (the normal approximation, e.g. Chow, Shao and Wang, <i>Sample Size Calculations in Clinical Research</i>,
 * section 3.2). Results are rounded up.
 */
public final class SampleSize {

    private SampleSize() {}

    /** Units per arm to detect a change from rate {@code p1} to rate {@code p2}. */
    public static long perArmForProportions(double p1, double p2, double alpha, double power) {
        requireRate(p1, "p1");
        requireRate(p2, "p2");
        if (p1 == p2) {
            throw new IllegalArgumentException("p1 and p2 are equal (" + p1 + "): there is no effect to detect");
        }
        double za = Normal.twoSidedCritical(alpha);
        double zb = Normal.quantile(requirePower(power));
        double pbar = (p1 + p2) / 2;
        double root = za * Math.sqrt(2 * pbar * (1 - pbar)) + zb * Math.sqrt(p1 * (1 - p1) + p2 * (1 - p2));
        return (long) Math.ceil(root * root / ((p2 - p1) * (p2 - p1)));
    }

    /** Units per arm to detect a difference {@code delta} of means whose per-unit standard deviation is {@code sigma}. */
    public static long perArmForMeans(double delta, double sigma, double alpha, double power) {
        if (delta == 0 || !Double.isFinite(delta)) {
            throw new IllegalArgumentException("delta must be finite and not 0, was " + delta);
        }
        if (!(sigma > 0) || Double.isInfinite(sigma)) {
            throw new IllegalArgumentException("sigma must be positive and finite, was " + sigma);
        }
        double z = Normal.twoSidedCritical(alpha) + Normal.quantile(requirePower(power));
        return (long) Math.ceil(2 * sigma * sigma * z * z / (delta * delta));
    }

    private static void requireRate(double p, String name) {
        if (!(p > 0 && p < 1)) {
            throw new IllegalArgumentException(name + " must be a rate between 0 and 1 (exclusive), was " + p);
        }
    }

    private static double requirePower(double power) {
        if (!(power > 0 && power < 1)) {
            throw new IllegalArgumentException("power must be between 0 and 1 (exclusive), e.g. 0.8; was " + power);
        }
        return power;
    }
}
