package io.dubboai.monitor.drift;

import static org.assertj.core.api.Assertions.assertThat;

import io.dubboai.monitor.sketch.FeatureKind;
import io.dubboai.monitor.sketch.FeatureSketch;
import io.dubboai.monitor.sketch.ReferenceProfile;
import io.dubboai.monitor.sketch.SketchSet;
import java.time.Instant;
import java.util.Map;
import java.util.Random;
import org.apache.commons.statistics.distribution.BinomialDistribution;
import org.junit.jupiter.api.Test;

class DriftDetectorTest {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private static final String[] COUNTRIES = {"de", "fr", "it", "es", "cn"};
    private static final double[] SHARES = {0.4, 0.3, 0.15, 0.1, 0.05};
    private static final int RUNS = 200;

    /**
     * Nothing changed: reference and current drawn from one distribution, 200 seeds, for a numeric feature held
     * exactly (KLL k = 4096 above the 2000 values), a numeric feature in compacted sketches (k = 200) and a
     * categorical one. Each check is a false alarm with probability at most α = 0.01 (KS and chi-square at α; PSI,
     * Jensen–Shannon and Wasserstein stay far below their thresholds at 2000 values per side, their null expectations
     * being about 0.01, 0.02 and 0.03). So the false alarms of one feature over 200 runs are at most Binomial(200,
     * 0.01); the bound is that distribution's 0.999 quantile (8 alarms, a rate of 0.04): a calibrated detector fails
     * this test with probability below 0.001, while a detector whose rate were twice α would exceed it about a third
     * of the time and one at 5α almost always.
     */
    @Test
    void sameDistribution_raisesNoMoreFalseAlarmsThanAlphaAllows() {
        DriftThresholds thresholds = DriftThresholds.DEFAULTS;
        int bound = BinomialDistribution.of(RUNS, thresholds.ksAlpha()).inverseSurvivalProbability(0.001);
        DriftDetector detector = DriftDetector.withDefaults();
        int exactAlarms = 0;
        int compactedAlarms = 0;
        int categoricalAlarms = 0;
        for (int seed = 0; seed < RUNS; seed++) {
            Random random = new Random(seed);
            SketchSet reference = sample(random, 2000, 0.0, SHARES);
            SketchSet current = sample(random, 2000, 0.0, SHARES);
            DriftReport report = detector.compare(ReferenceProfile.of(reference), current);
            assertThat(report.problems()).isEmpty();
            exactAlarms += report.driftedFeatures().contains("exact") ? 1 : 0;
            compactedAlarms += report.driftedFeatures().contains("amount") ? 1 : 0;
            categoricalAlarms += report.driftedFeatures().contains("country") ? 1 : 0;
        }
        assertThat(bound).isEqualTo(8);
        assertThat(exactAlarms).isLessThanOrEqualTo(bound);
        assertThat(compactedAlarms).isLessThanOrEqualTo(bound);
        assertThat(categoricalAlarms).isLessThanOrEqualTo(bound);
    }

    @Test
    void shiftedFeature_isFlaggedByNameAndTheOthersAreNot() {
        Random random = new Random(42);
        SketchSet reference = sample(random, 5000, 0.0, SHARES);
        SketchSet current = sample(random, 5000, 0.5, SHARES);

        DriftReport report = DriftDetector.withDefaults().compare(ReferenceProfile.of(reference), current);

        // "amount" and "exact" both moved by half a standard deviation; "country" did not
        assertThat(report.driftedFeatures()).containsExactly("exact", "amount");
        assertThat(report.findings("amount"))
                .extracting(DriftFinding::statistic, DriftFinding::drifted)
                .contains(
                        org.assertj.core.groups.Tuple.tuple(Statistic.KOLMOGOROV_SMIRNOV, true),
                        org.assertj.core.groups.Tuple.tuple(Statistic.WASSERSTEIN, true));
        assertThat(report.findings("country")).noneMatch(DriftFinding::drifted);
    }

    @Test
    void shiftedCategories_areFlaggedByChiSquare() {
        Random random = new Random(7);
        SketchSet reference = sample(random, 5000, 0.0, SHARES);
        SketchSet current = sample(random, 5000, 0.0, new double[] {0.2, 0.3, 0.15, 0.1, 0.25});

        DriftReport report = DriftDetector.withDefaults().compare(ReferenceProfile.of(reference), current);

        assertThat(report.driftedFeatures()).containsExactly("country");
        DriftFinding chi = report.findings("country").get(0);
        assertThat(chi.statistic()).isEqualTo(Statistic.CHI_SQUARE);
        assertThat(chi.pValue()).isLessThan(1e-10);
    }

    @Test
    void referenceWithOtherFeatures_isReportedNotThrown() {
        Random random = new Random(1);
        SketchSet reference = sample(random, 500, 0.0, SHARES);
        SketchSet current = SketchSet.empty(T0, T0.plusSeconds(300));
        current.sketch("amount", FeatureKind.CATEGORICAL, 200, 64).update("12");
        current.sketch("income", FeatureKind.NUMERIC, 200, 64).update(1.0);

        DriftReport report = DriftDetector.withDefaults().compare(ReferenceProfile.of(reference), current);

        assertThat(report.findings()).isEmpty();
        assertThat(report.problems())
                .containsExactly(
                        "feature 'exact': no current values in the window; nothing to compare",
                        "feature 'amount' is NUMERIC in the reference but CATEGORICAL now; fix the categorical feature"
                                + " list or recompute the reference",
                        "feature 'country': no current values in the window; nothing to compare",
                        "feature 'income' is not in the reference (it has [exact, amount, country]); recompute the"
                                + " reference to watch it");
    }

    @Test
    void perFeatureThresholds_replaceTheDefaultsForThatFeature() {
        Random random = new Random(3);
        SketchSet reference = sample(random, 5000, 0.0, SHARES);
        SketchSet current = sample(random, 5000, 0.5, SHARES);
        DriftThresholds lenient = new DriftThresholds(10, 1e-4, 5, 1e-300, 1e-300, 1, 100);

        DriftReport report = new DriftDetector(DriftThresholds.DEFAULTS, Map.of("amount", lenient))
                .compare(ReferenceProfile.of(reference), current);

        assertThat(report.driftedFeatures()).containsExactly("exact");
        assertThat(report.findings("amount").get(0).threshold()).isEqualTo(5);
    }

    /** Three features: "exact" N(shift, 1) in a KLL sketch that holds every value, "amount" likewise compacted. */
    private static SketchSet sample(Random random, int rows, double shift, double[] shares) {
        SketchSet set = SketchSet.empty(T0, T0.plusSeconds(300));
        FeatureSketch exact = set.sketch("exact", FeatureKind.NUMERIC, 4096, 64);
        FeatureSketch amount = set.sketch("amount", FeatureKind.NUMERIC, FeatureSketch.DEFAULT_K, 64);
        FeatureSketch country = set.sketch("country", FeatureKind.CATEGORICAL, 200, 64);
        for (int i = 0; i < rows; i++) {
            exact.update(shift + random.nextGaussian());
            amount.update(shift + random.nextGaussian());
            country.update(COUNTRIES[pick(random.nextDouble(), shares)]);
        }
        return set;
    }

    private static int pick(double u, double[] shares) {
        double cumulative = 0;
        for (int i = 0; i < shares.length; i++) {
            cumulative += shares[i];
            if (u < cumulative) {
                return i;
            }
        }
        return shares.length - 1;
    }
}
