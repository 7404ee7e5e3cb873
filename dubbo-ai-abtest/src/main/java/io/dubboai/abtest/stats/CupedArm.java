package io.dubboai.abtest.stats;

/**
 * One arm's moments of a metric {@code Y} and its pre-period covariate {@code X}, as {@link Cuped} needs them.
 * Variances and the covariance are unbiased sample moments ({@code n - 1} in the denominator).
 *
 * @param n units, at least 2
 * @param meanY mean of the metric
 * @param meanX mean of the covariate
 * @param varianceY sample variance of the metric
 * @param varianceX sample variance of the covariate
 * @param covariance sample covariance of metric and covariate
 */
public record CupedArm(long n, double meanY, double meanX, double varianceY, double varianceX, double covariance) {

    public CupedArm {
        if (n < 2) {
            throw new IllegalArgumentException("CUPED needs at least 2 units per arm, got " + n);
        }
        if (!(varianceY >= 0) || !(varianceX >= 0)) {
            throw new IllegalArgumentException(
                    "variances must not be negative: varianceY=" + varianceY + ", varianceX=" + varianceX);
        }
        if (!Double.isFinite(meanY + meanX + varianceY + varianceX + covariance)) {
            throw new IllegalArgumentException("CUPED moments must be finite");
        }
    }

    /** The moments of paired values: {@code y[i]} is unit i's metric, {@code x[i]} its pre-period value. */
    public static CupedArm of(double[] y, double[] x) {
        if (y.length != x.length) {
            throw new IllegalArgumentException(
                    "metric and covariate must have one value per unit: " + y.length + " vs " + x.length);
        }
        int n = y.length;
        if (n < 2) {
            throw new IllegalArgumentException("CUPED needs at least 2 units per arm, got " + n);
        }
        double sy = 0;
        double sx = 0;
        for (int i = 0; i < n; i++) {
            sy += y[i];
            sx += x[i];
        }
        double my = sy / n;
        double mx = sx / n;
        double yy = 0;
        double xx = 0;
        double xy = 0;
        for (int i = 0; i < n; i++) {
            double dy = y[i] - my;
            double dx = x[i] - mx;
            yy += dy * dy;
            xx += dx * dx;
            xy += dx * dy;
        }
        return new CupedArm(n, my, mx, yy / (n - 1), xx / (n - 1), xy / (n - 1));
    }
}
