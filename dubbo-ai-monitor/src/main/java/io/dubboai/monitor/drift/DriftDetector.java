package io.dubboai.monitor.drift;

import io.dubboai.monitor.sketch.FeatureKind;
import io.dubboai.monitor.sketch.FeatureProfile;
import io.dubboai.monitor.sketch.FeatureSketch;
import io.dubboai.monitor.sketch.ReferenceProfile;
import io.dubboai.monitor.sketch.SketchSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.datasketches.frequencies.ErrorType;
import org.apache.datasketches.frequencies.ItemsSketch;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.quantilescommon.QuantileSearchCriteria;

/**
 * Compares current sketches with a reference profile, feature by feature, and reports every statistic against its
 * threshold ({@link DriftStatistics} for the formulas, {@link DriftThresholds} for the defaults).
 *
 * <p>Numeric features get PSI, KS, Jensen–Shannon and Wasserstein-1 (over the reference's interquartile range; over
 * its full range when the IQR is 0, unscaled when that is 0 too). Categorical features get chi-square, PSI and
 * Jensen–Shannon over the categories either side has, plus "other" for counts the frequent-items sketches do not
 * attribute to a listed category. A feature missing on one side, without values, or of another kind on each side is
 * not compared: the report says why in {@link DriftReport#problems()}. Never throws on such input.
 */
public final class DriftDetector {

    private static final String OTHER = "\u0000other";

    private final DriftThresholds defaults;
    private final Map<String, DriftThresholds> perFeature;

    /**
     * @param defaults thresholds of every feature not in {@code perFeature}
     * @param perFeature thresholds of particular features
     */
    public DriftDetector(DriftThresholds defaults, Map<String, DriftThresholds> perFeature) {
        this.defaults = defaults;
        this.perFeature = Map.copyOf(perFeature);
    }

    /** A detector with {@link DriftThresholds#DEFAULTS} for every feature. */
    public static DriftDetector withDefaults() {
        return new DriftDetector(DriftThresholds.DEFAULTS, Map.of());
    }

    /** The drift of {@code current}'s features against {@code reference}. */
    public DriftReport compare(ReferenceProfile reference, SketchSet current) {
        List<DriftFinding> findings = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (FeatureProfile expected : reference.features()) {
            String name = expected.feature();
            FeatureSketch now = current.features().get(name);
            if (now == null || now.count() == 0) {
                problems.add("feature '" + name + "': no current values in the window; nothing to compare");
                continue;
            }
            if (now.kind() != expected.kind()) {
                problems.add("feature '" + name + "' is " + expected.kind() + " in the reference but " + now.kind()
                        + " now; fix the categorical feature list or recompute the reference");
                continue;
            }
            if (expected.count() == 0) {
                problems.add("feature '" + name + "': the reference has no values; recompute it from a sample with"
                        + " values of this feature");
                continue;
            }
            compare(name, expected.toSketch(), now, findings);
        }
        for (String name : current.featureNames()) {
            if (reference.feature(name).isEmpty()) {
                problems.add("feature '" + name + "' is not in the reference (it has " + reference.featureNames()
                        + "); recompute the reference to watch it");
            }
        }
        return new DriftReport(findings, problems);
    }

    /** Appends the findings of one feature whose sketches are of the same kind and not empty. */
    void compare(String name, FeatureSketch reference, FeatureSketch current, List<DriftFinding> findings) {
        DriftThresholds t = perFeature.getOrDefault(name, defaults);
        if (reference.kind() == FeatureKind.NUMERIC) {
            numeric(name, reference.numbers(), current.numbers(), t, findings);
        } else {
            categorical(name, reference.categories(), current.categories(), t, findings);
        }
    }

    private static void numeric(
            String name, KllDoublesSketch ref, KllDoublesSketch cur, DriftThresholds t, List<DriftFinding> out) {
        double[] edges = DriftStatistics.binEdges(ref, t.bins());
        double[] p = DriftStatistics.binShares(ref, edges);
        double[] q = DriftStatistics.binShares(cur, edges);
        double psi = DriftStatistics.psi(p, q, t.epsilon());
        out.add(new DriftFinding(name, Statistic.PSI, psi, Double.NaN, t.psi(), psi >= t.psi()));

        double d = DriftStatistics.ksStatistic(ref, cur);
        double adjusted = Math.max(0, d - DriftStatistics.ksSketchError(ref, cur));
        double ksP = DriftStatistics.ksPValue(adjusted, ref.getN(), cur.getN());
        out.add(new DriftFinding(name, Statistic.KOLMOGOROV_SMIRNOV, d, ksP, t.ksAlpha(), ksP < t.ksAlpha()));

        double js = DriftStatistics.jensenShannon(p, q);
        out.add(new DriftFinding(
                name, Statistic.JENSEN_SHANNON, js, Double.NaN, t.jensenShannon(), js >= t.jensenShannon()));

        double w1 = DriftStatistics.wasserstein(ref, cur) / scale(ref);
        out.add(new DriftFinding(name, Statistic.WASSERSTEIN, w1, Double.NaN, t.wasserstein(), w1 >= t.wasserstein()));
    }

    /** The reference's IQR; its range when the IQR is 0; 1 when both are. */
    private static double scale(KllDoublesSketch ref) {
        double iqr = ref.getQuantile(0.75, QuantileSearchCriteria.INCLUSIVE)
                - ref.getQuantile(0.25, QuantileSearchCriteria.INCLUSIVE);
        if (iqr > 0) {
            return iqr;
        }
        double range = ref.getMaxItem() - ref.getMinItem();
        return range > 0 ? range : 1;
    }

    private static void categorical(
            String name, ItemsSketch<String> ref, ItemsSketch<String> cur, DriftThresholds t, List<DriftFinding> out) {
        Map<String, long[]> counts = new TreeMap<>();
        add(counts, ref, 0);
        add(counts, cur, 1);
        long[] refCounts = new long[counts.size()];
        long[] curCounts = new long[counts.size()];
        int i = 0;
        for (long[] pair : counts.values()) {
            refCounts[i] = pair[0];
            curCounts[i] = pair[1];
            i++;
        }
        DriftStatistics.TestResult chi = DriftStatistics.chiSquare(refCounts, curCounts);
        out.add(new DriftFinding(
                name,
                Statistic.CHI_SQUARE,
                chi.statistic(),
                chi.pValue(),
                t.chiSquareAlpha(),
                chi.pValue() < t.chiSquareAlpha()));
        double[] p = shares(refCounts);
        double[] q = shares(curCounts);
        double psi = DriftStatistics.psi(p, q, t.epsilon());
        out.add(new DriftFinding(name, Statistic.PSI, psi, Double.NaN, t.psi(), psi >= t.psi()));
        double js = DriftStatistics.jensenShannon(p, q);
        out.add(new DriftFinding(
                name, Statistic.JENSEN_SHANNON, js, Double.NaN, t.jensenShannon(), js >= t.jensenShannon()));
    }

    /** Adds each listed category's estimate and the unattributed rest ("other") of one side. */
    private static void add(Map<String, long[]> counts, ItemsSketch<String> sketch, int side) {
        long listed = 0;
        for (ItemsSketch.Row<String> row : sketch.getFrequentItems(ErrorType.NO_FALSE_NEGATIVES)) {
            counts.computeIfAbsent(row.getItem(), k -> new long[2])[side] += row.getEstimate();
            listed += row.getEstimate();
        }
        long rest = sketch.getStreamLength() - listed;
        if (rest > 0) {
            counts.computeIfAbsent(OTHER, k -> new long[2])[side] += rest;
        }
    }

    private static double[] shares(long[] counts) {
        long total = 0;
        for (long c : counts) {
            total += c;
        }
        double[] shares = new double[counts.length];
        for (int i = 0; i < counts.length; i++) {
            shares[i] = (double) counts[i] / total;
        }
        return shares;
    }
}
