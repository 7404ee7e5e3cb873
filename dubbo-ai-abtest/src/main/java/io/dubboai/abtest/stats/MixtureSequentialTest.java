package io.dubboai.abtest.stats;

/**
 * Always-valid inference for a difference of means: the mixture sequential probability ratio test (mSPRT) with a
 * normal mixing distribution and the confidence sequence it defines. Results may be read after every batch, as often
 * as one likes, and the chance of ever declaring a difference when there is none stays at most {@code alpha}.
 *
 * <p>Sources: R. Johari, P. Koomen, L. Pekelis and D. Walsh, "Always Valid Inference: Continuous Monitoring of A/B
 * Tests", <i>Operations Research</i> 70(3), 2022 (arXiv:1512.04922; the test behind Optimizely's Stats Engine), and
 * S. R. Howard, A. Ramdas, J. McAuliffe and J. Sekhon, "Time-uniform, nonparametric, nonasymptotic confidence
 * sequences", <i>Annals of Statistics</i> 49(2), 2021 (the two-sided normal-mixture boundary that GrowthBook and Eppo
 * publish for their sequential results).
 *
 * <p>The family: an estimate {@code d} of the difference, its standard error {@code se}, the number of units {@code
 * n} that produced it (both arms together), a level {@code alpha} and a tuning parameter {@code tau}. The
 * per-unit variance scale is {@code s^2 = n se^2} and the mixing distribution on the true difference is {@code N(0,
 * tau^2 s^2)}, so with {@code z = d / se} and {@code k = n tau^2}:
 *
 * <pre>
 *   likelihood ratio  L = (1 + k)^(-1/2) * exp( z^2 / 2 * k / (1 + k) )          (Johari et al., with V = se^2,
 *                                                                                  mixing variance tau^2 n se^2)
 *   reject "no difference" once L >= 1/alpha;   always-valid p-value = min over looks of min(1, 1/L)
 *   confidence sequence  d +- se * sqrt( (1 + k)/k * (2 ln(1/alpha) + ln(1 + k)) )   (Howard et al.; it excludes 0
 *                                                                                  exactly when L >= 1/alpha)
 * </pre>
 *
 * <p>Tuning: {@code tau} sets the sample size at which the sequence is narrowest. {@link #tunedFor} takes the value
 * that minimises the width at an expected total sample size {@code n*}: {@code tau^2 = (-2 ln alpha + ln(-2 ln alpha
 * + 1)) / n*} (the approximation given with the normal-mixture boundary by Howard et al. and used by GrowthBook).
 * A wrong guess costs power, never validity.
 *
 * <p>Validity is exact for normal data with known variance, continuous or discrete looks; with the variance
 * estimated from the data (as here) it holds asymptotically, which is why conversions should be read after a few
 * hundred units per arm, not after the first handful (the simulations in the tests read from 100 units per arm).
 * The running minimum of the p-value and the running intersection of the intervals are valid too; callers that keep
 * state across looks may report them.
 */
public final class MixtureSequentialTest {

    private final double alpha;
    private final double tau;

    /**
     * @param alpha the level, between 0 and 1 (e.g. 0.05)
     * @param tau the mixing standard deviation in units of the per-unit standard deviation, positive
     */
    public MixtureSequentialTest(double alpha, double tau) {
        this.alpha = Normal.requireAlpha(alpha);
        if (!(tau > 0) || Double.isInfinite(tau)) {
            throw new IllegalArgumentException("tau must be positive and finite, was " + tau
                    + "; use tunedFor(alpha, expectedSampleSize) to derive it");
        }
        this.tau = tau;
    }

    /** The test whose confidence sequence is narrowest at {@code expectedSampleSize} units (both arms together). */
    public static MixtureSequentialTest tunedFor(double alpha, long expectedSampleSize) {
        Normal.requireAlpha(alpha);
        if (expectedSampleSize < 1) {
            throw new IllegalArgumentException(
                    "the expected sample size must be at least 1, was " + expectedSampleSize);
        }
        double logTerm = -2 * Math.log(alpha);
        return new MixtureSequentialTest(alpha, Math.sqrt((logTerm + Math.log(logTerm + 1)) / expectedSampleSize));
    }

    public double alpha() {
        return alpha;
    }

    public double tau() {
        return tau;
    }

    /** Reads the treatment-minus-control difference of two arms (unpooled standard error, {@code n = n_c + n_t}). */
    public SequentialResult evaluate(Summary control, Summary treatment) {
        double se = Math.sqrt(control.varianceOfMean() + treatment.varianceOfMean());
        return evaluate(treatment.mean() - control.mean(), se, control.n() + treatment.n());
    }

    /**
     * Reads one look.
     *
     * @param estimate the estimated difference
     * @param standardError its standard error, not negative; zero means "no information yet"
     * @param n the units behind the estimate, at least 1
     */
    public SequentialResult evaluate(double estimate, double standardError, long n) {
        if (!Double.isFinite(estimate)) {
            throw new IllegalArgumentException("estimate must be finite, was " + estimate);
        }
        if (!(standardError >= 0) || Double.isInfinite(standardError)) {
            throw new IllegalArgumentException("standard error must be finite and not negative, was " + standardError);
        }
        if (n < 1) {
            throw new IllegalArgumentException("n must be at least 1, was " + n);
        }
        if (standardError == 0) {
            Interval everything = new Interval(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
            return new SequentialResult(estimate, 0, n, everything, 0, 1, false);
        }
        double k = n * tau * tau;
        double z = estimate / standardError;
        double logRatio = -0.5 * Math.log1p(k) + 0.5 * z * z * k / (1 + k);
        double half = standardError * Math.sqrt((1 + k) / k * (-2 * Math.log(alpha) + Math.log1p(k)));
        Interval interval = new Interval(estimate - half, estimate + half);
        double pValue = Math.min(1.0, Math.exp(-logRatio));
        return new SequentialResult(
                estimate, standardError, n, interval, logRatio, pValue, logRatio >= -Math.log(alpha));
    }

    /** The {@code |z|} a look at {@code n} units must reach to reject: {@code sqrt((1+k)/k (2 ln(1/alpha) + ln(1+k)))}. */
    public double criticalZ(long n) {
        double k = n * tau * tau;
        return Math.sqrt((1 + k) / k * (-2 * Math.log(alpha) + Math.log1p(k)));
    }

    @Override
    public String toString() {
        return "MixtureSequentialTest[alpha=" + alpha + ", tau=" + tau + "]";
    }
}
