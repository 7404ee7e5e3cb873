package io.dubboai.abtest.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.data.Offset.offset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.data.Percentage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every statistic against the values SciPy computed ({@code src/test/python/stats_oracle.py} wrote the fixture; its
 * header names the versions). Relative tolerances are 1e-9 where both sides evaluate the same closed form, looser
 * where the two libraries' distribution functions differ in their last digits.
 */
class StatsOracleTest {

    private static final Percentage CLOSE = Percentage.withPercentage(1e-7);

    static JsonNode cases;
    static double alpha;

    @BeforeAll
    static void readFixture() throws IOException {
        try (InputStream in = StatsOracleTest.class.getResourceAsStream("/oracle/stats-oracle.json")) {
            JsonNode root = new ObjectMapper().readTree(in);
            assertThat(root.path("source").asText()).contains("SciPy");
            cases = root.path("cases");
            alpha = root.path("alpha").asDouble();
        }
    }

    @Test
    void zTestsWhenComparedWithScipyShouldAgree() {
        assertThat(cases.path("proportions")).hasSizeGreaterThanOrEqualTo(4);
        for (JsonNode c : cases.path("proportions")) {
            Proportion control = new Proportion(
                    c.path("control").get(0).asLong(), c.path("control").get(1).asLong());
            Proportion treatment = new Proportion(
                    c.path("treatment").get(0).asLong(),
                    c.path("treatment").get(1).asLong());

            TestResult pooled = TwoProportionZTest.pooled(control, treatment);
            TestResult unpooled = TwoProportionZTest.unpooled(control, treatment);
            assertThat(pooled.statistic()).isCloseTo(c.at("/pooled/z").asDouble(), CLOSE);
            assertThat(pooled.pValue()).isCloseTo(c.at("/pooled/p").asDouble(), CLOSE);
            assertThat(unpooled.statistic()).isCloseTo(c.at("/unpooled/z").asDouble(), CLOSE);
            assertThat(unpooled.pValue()).isCloseTo(c.at("/unpooled/p").asDouble(), CLOSE);
            // the pooled test is Pearson's chi-square of the 2x2 table without Yates' correction
            assertThat(pooled.statistic() * pooled.statistic())
                    .isCloseTo(c.at("/chi2_contingency_no_yates/statistic").asDouble(), CLOSE);
            assertThat(pooled.pValue())
                    .isCloseTo(c.at("/chi2_contingency_no_yates/p").asDouble(), CLOSE);

            Summary sc = Summary.ofConversions(control.successes(), control.trials());
            Summary st = Summary.ofConversions(treatment.successes(), treatment.trials());
            assertInterval(Lift.absolute(sc, st, alpha), c.path("absolute_ci"));
            assertThat(Lift.relative(sc, st)).isCloseTo(c.path("relative").asDouble(), within(1e-12));
            assertInterval(Lift.relativeInterval(sc, st, alpha), c.path("relative_ci"));
        }
    }

    @Test
    void welchWhenComparedWithScipyShouldAgree() {
        assertThat(cases.path("welch")).hasSizeGreaterThanOrEqualTo(3);
        for (JsonNode c : cases.path("welch")) {
            Summary control = Summary.ofValues(values(c.path("control")));
            Summary treatment = Summary.ofValues(values(c.path("treatment")));
            TestResult result = WelchTTest.test(control, treatment);
            assertThat(result.statistic()).isCloseTo(c.path("t").asDouble(), CLOSE);
            assertThat(result.degreesOfFreedom()).isCloseTo(c.path("df").asDouble(), CLOSE);
            assertThat(result.pValue()).isCloseTo(c.path("p").asDouble(), Percentage.withPercentage(1e-6));
            assertInterval(WelchTTest.confidenceInterval(control, treatment, alpha), c.path("ci"));
        }
    }

    @Test
    void srmWhenComparedWithScipyChisquareShouldAgree() {
        assertThat(cases.path("srm")).hasSizeGreaterThanOrEqualTo(5);
        for (JsonNode c : cases.path("srm")) {
            long[] observed = new long[c.path("observed").size()];
            double[] weights = new double[observed.length];
            for (int i = 0; i < observed.length; i++) {
                observed[i] = c.path("observed").get(i).asLong();
                weights[i] = c.path("weights").get(i).asDouble();
            }
            SrmResult result = SampleRatioMismatch.test(observed, weights);
            double p = c.path("p").asDouble();
            assertThat(result.chiSquare()).isCloseTo(c.path("statistic").asDouble(), CLOSE);
            assertThat(result.pValue()).isCloseTo(p, Percentage.withPercentage(1e-6));
            assertThat(result.mismatch()).isEqualTo(p < 0.001);
        }
    }

    @Test
    void sequentialWhenComparedWithJohariFormulaShouldAgree() {
        assertThat(cases.path("sequential")).hasSizeGreaterThanOrEqualTo(4);
        for (JsonNode c : cases.path("sequential")) {
            MixtureSequentialTest test = new MixtureSequentialTest(
                    c.path("alpha").asDouble(), c.path("tau").asDouble());
            SequentialResult result = test.evaluate(
                    c.path("estimate").asDouble(),
                    c.path("se").asDouble(),
                    c.path("n").asLong());
            assertThat(result.logLikelihoodRatio()).isCloseTo(c.path("log_lr").asDouble(), within(1e-9));
            assertThat(result.pValue()).isCloseTo(c.path("p").asDouble(), CLOSE);
            assertInterval(result.interval(), c.path("ci"));
            // the interval excludes 0 exactly when the likelihood ratio reaches 1/alpha
            assertThat(result.significant()).isEqualTo(!result.interval().contains(0));
            assertThat(result.significant())
                    .isEqualTo(result.pValue() <= c.path("alpha").asDouble());
        }
    }

    @Test
    void cupedWhenComparedWithAdjustedRawDataShouldAgree() {
        assertThat(cases.path("cuped")).hasSizeGreaterThanOrEqualTo(2);
        for (JsonNode c : cases.path("cuped")) {
            List<CupedArm> arms = new ArrayList<>();
            for (JsonNode arm : c.path("arms")) {
                arms.add(CupedArm.of(values(arm.path("y")), values(arm.path("x"))));
            }
            Cuped.Adjusted adjusted = Cuped.adjust(arms);
            assertThat(adjusted.theta()).isCloseTo(c.path("theta").asDouble(), CLOSE);
            for (int i = 0; i < arms.size(); i++) {
                JsonNode expected = c.path("arms").get(i);
                assertThat(adjusted.arms().get(i).mean())
                        .isCloseTo(expected.path("mean").asDouble(), CLOSE);
                assertThat(adjusted.arms().get(i).variance())
                        .isCloseTo(expected.path("variance").asDouble(), CLOSE);
                // the covariate explains most of the metric here: the variance must shrink
                assertThat(adjusted.arms().get(i).variance())
                        .isLessThan(arms.get(i).varianceY() / 2);
            }
        }
    }

    private static void assertInterval(Interval actual, JsonNode expected) {
        double lower = expected.get(0).asDouble();
        double upper = expected.get(1).asDouble();
        double tolerance = 1e-9 * Math.max(1, Math.abs(upper - lower));
        assertThat(actual.lower()).isCloseTo(lower, offset(tolerance));
        assertThat(actual.upper()).isCloseTo(upper, offset(tolerance));
    }

    private static double[] values(JsonNode array) {
        double[] values = new double[array.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = array.get(i).asDouble();
        }
        return values;
    }
}
