package io.dubboai.monitor.drift;

import java.util.Arrays;
import org.apache.commons.statistics.inference.ChiSquareTest;
import org.apache.commons.statistics.inference.KolmogorovSmirnovTest;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.quantilescommon.QuantileSearchCriteria;

/**
 * The drift statistics, on sketches: what each computes and how.
 *
 * <h2>Design</h2>
 *
 * <p><b>CDFs from sketches.</b> Every numeric statistic reads the two empirical CDFs {@code F(x)} = share of values
 * {@code <= x} from KLL sketches ({@code getRank(x, INCLUSIVE)}). A sketch holding all its values (fewer than about
 * {@code k}) gives the exact CDF; a compacted one answers within ±ε of the true rank with 99% confidence
 * ({@code getNormalizedRankError(false)}, about 1.65% at {@code k = 200}). The statistics below are therefore exact on
 * exact sketches (they match SciPy on the raw samples) and approximate otherwise; the tests state the tolerances.
 *
 * <ul>
 *   <li><b>PSI</b> (population stability index). Bin edges are the reference's quantiles at ranks {@code i/B},
 *       {@code i = 1..B-1} (the smallest value whose share of values {@code <=} it is at least {@code i/B};
 *       duplicates removed, so ties make fewer bins); bins are {@code (-inf, e1], (e1, e2], …, (e_last, +inf)}.
 *       With reference shares {@code p_i} and current shares {@code q_i}, both raised to {@code epsilon} where smaller
 *       (an empty bin would make the logarithm infinite; no renormalisation, so a bin empty on one side weighs
 *       {@code (q - ε)·ln(q/ε)}), {@code PSI = Σ (q_i − p_i) · ln(q_i / p_i)}. Conventional reading: below 0.1 stable,
 *       0.1–0.25 moderate, above 0.25 major.
 *   <li><b>Kolmogorov–Smirnov</b>. {@code D = max |F_ref(x) − F_cur(x)|} over the union of the items both sketches
 *       hold (between them both CDFs are constant, so this is the supremum over all x). The p-value is the
 *       asymptotic two-sample one SciPy's {@code ks_2samp(method="asymp")} uses: the one-sample Kolmogorov
 *       distribution's survival function {@code kstwo.sf(D, round(n·m/(n+m)))}. Commons Statistics 1.1 exposes that
 *       distribution only through its one-sample test, so {@link #ksPValue} runs {@link KolmogorovSmirnovTest} on a
 *       synthetic sample of that size whose statistic against the uniform CDF is exactly {@code D}. On compacted
 *       sketches {@code D} can be off by up to {@code ε_ref + ε_cur}; the p-value is computed from
 *       {@code max(0, D − ε_ref − ε_cur)}, so sketch error cannot raise false alarms (it costs power on small
 *       shifts instead). The effective size is capped at {@value #MAX_EFFECTIVE_N}; a larger one gives a smaller
 *       p-value, so the cap only makes the test more conservative.
 *   <li><b>Chi-square</b> of homogeneity over a 2×K table (reference and current counts per category, categories of
 *       either side; a category seen on neither side is dropped), Pearson's statistic without continuity correction,
 *       {@code K − 1} degrees of freedom, p-value from Commons Statistics' {@link ChiSquareTest}.
 *   <li><b>Jensen–Shannon distance</b> (base 2, in [0, 1]): {@code sqrt(½ KL(p‖m) + ½ KL(q‖m))}, {@code m = (p+q)/2},
 *       over the PSI bins (numeric) or the categories, without epsilon. An effect size, meaningful at any sample
 *       size.
 *   <li><b>Wasserstein-1</b>: {@code ∫ |F_ref(x) − F_cur(x)| dx}, summed exactly over the union of the sketches'
 *       items ({@code F} is a step function between them). In the data's unit; the detector divides it by the
 *       reference's interquartile range to compare it with a unit-free threshold.
 * </ul>
 *
 * <p>References: Siddiqi, "Credit Risk Scorecards" (2006), for PSI; Massey, "The Kolmogorov–Smirnov test for goodness
 * of fit" (JASA 1951) and Simard &amp; L'Ecuyer, "Computing the two-sided Kolmogorov–Smirnov distribution" (JSS 2011);
 * Lin, "Divergence measures based on the Shannon entropy" (IEEE Trans. Inf. Theory 1991); Karnin, Lang, Liberty,
 * "Optimal quantile approximation in streams" (FOCS 2016).
 */
public final class DriftStatistics {

    /** Largest effective sample size {@code n·m/(n+m)} used for the KS p-value. */
    public static final int MAX_EFFECTIVE_N = 1_000_000;

    private static final QuantileSearchCriteria INCLUSIVE = QuantileSearchCriteria.INCLUSIVE;
    private static final double LN2 = Math.log(2);

    private DriftStatistics() {}

    /** PSI bin edges: the reference's quantiles at ranks {@code i/bins}, {@code i = 1..bins-1}, without duplicates. */
    public static double[] binEdges(KllDoublesSketch reference, int bins) {
        if (bins < 2) {
            throw new IllegalArgumentException("PSI needs at least 2 bins, but was " + bins);
        }
        double[] ranks = new double[bins - 1];
        for (int i = 1; i < bins; i++) {
            ranks[i - 1] = (double) i / bins;
        }
        return Arrays.stream(reference.getQuantiles(ranks, INCLUSIVE))
                .distinct()
                .sorted()
                .toArray();
    }

    /** Each bin's share of {@code sketch}'s values, for bins {@code (-inf, e1], …, (e_last, +inf)}. */
    public static double[] binShares(KllDoublesSketch sketch, double[] edges) {
        double[] shares = new double[edges.length + 1];
        double previous = 0;
        for (int i = 0; i < edges.length; i++) {
            double cumulative = sketch.getRank(edges[i], INCLUSIVE);
            shares[i] = cumulative - previous;
            previous = cumulative;
        }
        shares[edges.length] = 1.0 - previous;
        return shares;
    }

    /** PSI of current shares {@code q} against reference shares {@code p}; shares below {@code epsilon} count as it. */
    public static double psi(double[] p, double[] q, double epsilon) {
        checkSameLength(p, q);
        double sum = 0;
        for (int i = 0; i < p.length; i++) {
            double pi = Math.max(p[i], epsilon);
            double qi = Math.max(q[i], epsilon);
            sum += (qi - pi) * Math.log(qi / pi);
        }
        return sum;
    }

    /** Jensen–Shannon distance, base 2, of two distributions (each normalised to sum 1 first). */
    public static double jensenShannon(double[] p, double[] q) {
        checkSameLength(p, q);
        double[] a = normalised(p);
        double[] b = normalised(q);
        double divergence = 0;
        for (int i = 0; i < a.length; i++) {
            double m = (a[i] + b[i]) / 2;
            if (a[i] > 0) {
                divergence += 0.5 * a[i] * Math.log(a[i] / m);
            }
            if (b[i] > 0) {
                divergence += 0.5 * b[i] * Math.log(b[i] / m);
            }
        }
        return Math.sqrt(Math.max(0, divergence / LN2));
    }

    /** The KS statistic {@code D} of two sketches. */
    public static double ksStatistic(KllDoublesSketch reference, KllDoublesSketch current) {
        double d = 0;
        for (double x : unionOfItems(reference, current)) {
            d = Math.max(d, Math.abs(reference.getRank(x, INCLUSIVE) - current.getRank(x, INCLUSIVE)));
        }
        return d;
    }

    /** The rank error the KS p-value allows for: the sum of both sketches' ε, 0 for sketches holding every value. */
    public static double ksSketchError(KllDoublesSketch reference, KllDoublesSketch current) {
        return rankError(reference) + rankError(current);
    }

    private static double rankError(KllDoublesSketch sketch) {
        return sketch.isEstimationMode() ? sketch.getNormalizedRankError(false) : 0;
    }

    /**
     * Asymptotic two-sided p-value of a two-sample KS statistic: {@code kstwo.sf(d, round(n·m/(n+m)))}, as SciPy's
     * {@code ks_2samp(method="asymp")}.
     */
    public static double ksPValue(double d, long n, long m) {
        if (n < 1 || m < 1) {
            throw new IllegalArgumentException("KS needs values on both sides, but had " + n + " and " + m);
        }
        int effective = (int) Math.min(MAX_EFFECTIVE_N, Math.max(1, Math.round((double) n * m / (n + m))));
        // D_n is at least 1/(2n) for every sample: a smaller d is certain
        if (d <= 0.5 / effective) {
            return 1.0;
        }
        if (d >= 1) {
            return 0.0;
        }
        // x_(i) = (i-1)/n + d against the uniform CDF: D- = d, D+ = 1/n - d <= d, values past 1 add nothing
        double[] sample = new double[effective];
        for (int i = 0; i < effective; i++) {
            sample[i] = Math.min(1.0, (double) i / effective + d);
        }
        return KolmogorovSmirnovTest.withDefaults().test(sample, x -> x).getPValue();
    }

    /** Wasserstein-1 distance of two sketches, in the data's unit. */
    public static double wasserstein(KllDoublesSketch reference, KllDoublesSketch current) {
        double[] points = unionOfItems(reference, current);
        double sum = 0;
        for (int i = 0; i + 1 < points.length; i++) {
            double gap = points[i + 1] - points[i];
            sum += Math.abs(reference.getRank(points[i], INCLUSIVE) - current.getRank(points[i], INCLUSIVE)) * gap;
        }
        return sum;
    }

    /**
     * Chi-square test of homogeneity of two count vectors over the same categories.
     *
     * @return the statistic and its p-value; {@code 0} and {@code 1} when fewer than two categories have counts
     */
    public static TestResult chiSquare(long[] reference, long[] current) {
        if (reference.length != current.length) {
            throw new IllegalArgumentException(
                    "count vectors differ in length: " + reference.length + " and " + current.length);
        }
        int kept = 0;
        for (int i = 0; i < reference.length; i++) {
            if (reference[i] + current[i] > 0) {
                kept++;
            }
        }
        if (kept < 2) {
            return new TestResult(0, 1);
        }
        long[][] table = new long[2][kept];
        int column = 0;
        for (int i = 0; i < reference.length; i++) {
            if (reference[i] + current[i] > 0) {
                table[0][column] = reference[i];
                table[1][column] = current[i];
                column++;
            }
        }
        var result = ChiSquareTest.withDefaults().test(table);
        return new TestResult(result.getStatistic(), result.getPValue());
    }

    private static double[] unionOfItems(KllDoublesSketch a, KllDoublesSketch b) {
        double[] left = a.getSortedView().getQuantiles();
        double[] right = b.getSortedView().getQuantiles();
        double[] all = Arrays.copyOf(left, left.length + right.length);
        System.arraycopy(right, 0, all, left.length, right.length);
        Arrays.sort(all);
        return all;
    }

    private static double[] normalised(double[] p) {
        double total = Arrays.stream(p).sum();
        if (!(total > 0)) {
            throw new IllegalArgumentException("a distribution must have a positive total, but was " + total);
        }
        return Arrays.stream(p).map(v -> v / total).toArray();
    }

    private static void checkSameLength(double[] p, double[] q) {
        if (p.length != q.length) {
            throw new IllegalArgumentException("distributions differ in length: " + p.length + " and " + q.length);
        }
    }

    /** A test's statistic and p-value. */
    public record TestResult(double statistic, double pValue) {}
}
