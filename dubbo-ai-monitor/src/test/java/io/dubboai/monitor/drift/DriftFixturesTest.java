package io.dubboai.monitor.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dubboai.monitor.sketch.FeatureSketch;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The drift statistics against SciPy's on the same seeded samples: {@code drift_fixtures.json}, written by
 * {@code src/test/fixtures/make_drift_fixtures.py} (its source block names the script, SciPy version and seed).
 *
 * <p>Tolerances. Small samples (fewer values than the KLL {@code k = 200}) are held exactly by the sketch, so every
 * statistic must match SciPy to floating-point noise (1e-9). The large case compacts: a KLL rank is then within
 * ±ε of the true one (99% confidence, ε = {@code getNormalizedRankError(false)} ≈ 1.65% per sketch), so D may be off
 * by up to ε_ref + ε_cur; each PSI bin share is a difference of two ranks, off by up to 2ε per sketch, and the
 * tolerances of PSI and Jensen–Shannon below follow from that; W1 integrates the rank error over the data's spread,
 * allowed as ε_ref + ε_cur times the range holding the reference's middle 98%. KLL compacts at random (DataSketches
 * draws the coin itself), so the large case differs from run to run; observed errors were a tenth to a half of these
 * tolerances (D 0.002 of 0.027, PSI 0.0004 of 0.02, W1 0.004–0.019 of about 0.077). The KS p-value is compared on the exact cases
 * (on compacted sketches it is computed from the error-adjusted D, by design). Categorical counts are exact (fewer
 * distinct values than the frequent-items sketch counts exactly), so chi-square matches to 1e-9.
 */
class DriftFixturesTest {

    private static JsonNode fixture;

    @BeforeAll
    static void read() throws IOException {
        try (InputStream in = DriftFixturesTest.class.getResourceAsStream("/drift_fixtures.json")) {
            fixture = new ObjectMapper().readTree(in);
        }
        assertThat(fixture.at("/source/script").asText()).endsWith("make_drift_fixtures.py");
    }

    static Stream<Arguments> numericCases() throws IOException {
        return cases("NUMERIC");
    }

    static Stream<Arguments> categoricalCases() throws IOException {
        return cases("CATEGORICAL");
    }

    private static Stream<Arguments> cases(String kind) throws IOException {
        if (fixture == null) {
            read();
        }
        List<Arguments> cases = new ArrayList<>();
        fixture.get("cases").forEach(c -> {
            if (c.get("kind").asText().equals(kind)) {
                cases.add(Arguments.of(c.get("name").asText(), c));
            }
        });
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("numericCases")
    void numericStatistics_matchScipy(String name, JsonNode c) {
        KllDoublesSketch ref = numbers(c.get("reference"));
        KllDoublesSketch cur = numbers(c.get("current"));
        JsonNode expected = c.get("expected");
        int bins = fixture.at("/source/bins").asInt();
        double epsilon = fixture.at("/source/epsilon").asDouble();

        double[] edges = DriftStatistics.binEdges(ref, bins);
        double[] p = DriftStatistics.binShares(ref, edges);
        double[] q = DriftStatistics.binShares(cur, edges);
        double psi = DriftStatistics.psi(p, q, epsilon);
        double js = DriftStatistics.jensenShannon(p, q);
        double d = DriftStatistics.ksStatistic(ref, cur);
        double w1 = DriftStatistics.wasserstein(ref, cur);

        boolean exact = !ref.isEstimationMode() && !cur.isEstimationMode();
        if (exact) {
            assertThat(psi).isCloseTo(expected.get("psi").asDouble(), within(1e-9));
            assertThat(js).isCloseTo(expected.get("jensenShannon").asDouble(), within(1e-9));
            assertThat(d).isCloseTo(expected.get("ksStatistic").asDouble(), within(1e-9));
            assertThat(DriftStatistics.ksPValue(d, ref.getN(), cur.getN()))
                    .isCloseTo(
                            expected.get("ksPValue").asDouble(),
                            within(1e-9 + 1e-6 * expected.get("ksPValue").asDouble()));
            assertThat(w1).isCloseTo(expected.get("wasserstein").asDouble(), within(1e-9));
        } else {
            double rankError = DriftStatistics.ksSketchError(ref, cur);
            assertThat(rankError).as("both sketches compacted").isGreaterThan(0.02);
            assertThat(d).isCloseTo(expected.get("ksStatistic").asDouble(), within(rankError));
            // each of the 10 shares within 2ε on each side; PSI and JS move by far less than their thresholds
            assertThat(psi).isCloseTo(expected.get("psi").asDouble(), within(0.02));
            assertThat(js).isCloseTo(expected.get("jensenShannon").asDouble(), within(0.02));
            double bulk = ref.getQuantile(0.99) - ref.getQuantile(0.01);
            assertThat(w1).isCloseTo(expected.get("wasserstein").asDouble(), within(rankError * bulk));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("categoricalCases")
    void categoricalStatistics_matchScipy(String name, JsonNode c) {
        TreeMap<String, long[]> counts = new TreeMap<>();
        c.get("reference").forEach(v -> counts.computeIfAbsent(v.asText(), k -> new long[2])[0]++);
        c.get("current").forEach(v -> counts.computeIfAbsent(v.asText(), k -> new long[2])[1]++);
        FeatureSketch ref = FeatureSketch.categorical(64);
        FeatureSketch cur = FeatureSketch.categorical(64);
        c.get("reference").forEach(v -> ref.update(v.asText()));
        c.get("current").forEach(v -> cur.update(v.asText()));
        JsonNode expected = c.get("expected");

        List<DriftFinding> findings = new ArrayList<>();
        DriftDetector.withDefaults().compare(name, ref, cur, findings);

        DriftFinding chi = finding(findings, Statistic.CHI_SQUARE);
        assertThat(chi.value()).isCloseTo(expected.get("chiSquare").asDouble(), within(1e-9));
        assertThat(chi.pValue())
                .isCloseTo(
                        expected.get("chiSquarePValue").asDouble(),
                        within(1e-12 + 1e-9 * expected.get("chiSquarePValue").asDouble()));
        assertThat(finding(findings, Statistic.PSI).value())
                .isCloseTo(expected.get("psi").asDouble(), within(1e-9));
        assertThat(finding(findings, Statistic.JENSEN_SHANNON).value())
                .isCloseTo(expected.get("jensenShannon").asDouble(), within(1e-9));
    }

    private static DriftFinding finding(List<DriftFinding> findings, Statistic statistic) {
        return findings.stream()
                .filter(f -> f.statistic() == statistic)
                .findFirst()
                .orElseThrow();
    }

    private static KllDoublesSketch numbers(JsonNode values) {
        FeatureSketch sketch = FeatureSketch.numeric(FeatureSketch.DEFAULT_K);
        values.forEach(v -> sketch.update(v.asDouble()));
        return sketch.numbers();
    }
}
