package io.dubboai.abtest.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dubboai.abtest.MetricKind;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExperimentValidatorTest {

    static final MetricCatalog METRICS = MetricCatalog.of(
            new Metric("conversion", MetricKind.CONVERSION, Metric.Direction.HIGHER),
            new Metric("revenue", MetricKind.NUMERIC, Metric.Direction.HIGHER),
            new Metric("latency", MetricKind.NUMERIC, Metric.Direction.LOWER));

    final ExperimentValidator validator = new ExperimentValidator(METRICS);

    static ExperimentSpec spec(List<Variant> variants, String primary, List<String> guardrails, Design design) {
        return new ExperimentSpec("risk-v2", "risk", "user-id", variants, primary, guardrails, design);
    }

    static List<Variant> halves() {
        return List.of(new Variant("control", "1", 50), new Variant("treatment", "2", 50));
    }

    @Test
    void problemsWhenValidShouldBeEmptyAndSizeFromMde() {
        ExperimentSpec spec = spec(halves(), "conversion", List.of("latency"), Design.conversionMde(0.10, 0.01));

        assertThat(validator.problems(spec)).isEmpty();
        assertThat(validator.unitsPerVariant(spec)).isEqualTo(14_751);
    }

    @Test
    void problemsWhenAllocationsDoNotSumToHundredShouldSaySum() {
        ExperimentSpec spec = spec(
                List.of(new Variant("control", "1", 50), new Variant("treatment", "2", 40)),
                "conversion",
                List.of(),
                Design.fixed(1_000));

        assertThat(validator.problems(spec))
                .containsExactly(new ExperimentProblem(
                        "variants", "allocations sum to 90, expected 100; adjust them so they add up to 100"));
    }

    @Test
    void problemsWhenMetricsUnknownShouldNameKnownOnes() {
        ExperimentSpec spec = spec(halves(), "clicks", List.of("latency", "errors", "latency"), Design.fixed(100));

        assertThat(validator.problems(spec))
                .containsExactly(
                        new ExperimentProblem(
                                "primaryMetric",
                                "metric 'clicks' does not exist; known metrics: [conversion, revenue, latency]"),
                        new ExperimentProblem(
                                "guardrailMetrics[1]",
                                "metric 'errors' does not exist; known metrics: [conversion, revenue, latency]"),
                        new ExperimentProblem("guardrailMetrics[2]", "'latency' is listed twice"));
    }

    @Test
    void problemsWhenVariantsAndUnitBrokenShouldListEveryField() {
        ExperimentSpec spec = new ExperimentSpec(
                "Risk V2",
                "risk",
                "User Id",
                List.of(new Variant("control", "1", 120), new Variant("control", "1", -20)),
                "revenue",
                List.of(),
                new Design(0.05, 0.8, 0.5, null, null, null));

        assertThat(validator.problems(spec))
                .extracting(ExperimentProblem::path)
                .containsExactly(
                        "id",
                        "unitAttachment",
                        "variants[0].allocation",
                        "variants[1].name",
                        "variants[1].target",
                        "variants[1].allocation",
                        "design.standardDeviation");
    }

    @Test
    void problemsWhenDesignHasBothSizesShouldSayEither() {
        ExperimentSpec spec = spec(halves(), "conversion", List.of(), new Design(0.05, 0.8, 0.01, 0.1, null, 500L));

        assertThat(validator.problems(spec))
                .containsExactly(new ExperimentProblem(
                        "design",
                        "give either fixedUnitsPerVariant or minimumDetectableEffect (with its baseline), not both"));
    }

    @Test
    void requireWhenInvalidShouldThrowWithEveryProblem() {
        ExperimentSpec spec =
                spec(List.of(new Variant("control", "1", 100)), "conversion", List.of(), Design.fixed(10));

        assertThatThrownBy(() -> validator.require(spec))
                .isInstanceOf(InvalidExperimentException.class)
                .hasMessage("experiment 'risk-v2' is not valid: [variants: 1 variant(s); an experiment compares at"
                        + " least 2]");
    }

    @Test
    void problemsWhenBanditSettingsDoNotFitShouldNameTheBanditAndTheFix() {
        ExperimentSpec noAlgorithm = spec(halves(), "conversion", List.of(), Design.fixed(500))
                .withBandit(new BanditDesign(null, null, null, null, null, null));
        ExperimentSpec floorTooHigh = spec(halves(), "conversion", List.of(), Design.fixed(500))
                .withBandit(new BanditDesign(
                        io.dubboai.abtest.bandit.Algorithm.EPSILON_GREEDY, 60, null, null, null, null));
        ExperimentSpec numericOneUnit = spec(halves(), "revenue", List.of(), Design.fixed(500))
                .withBandit(new BanditDesign(
                        io.dubboai.abtest.bandit.Algorithm.THOMPSON_SAMPLING, null, 1L, null, null, null));

        assertThat(validator.problems(noAlgorithm))
                .containsExactly(new ExperimentProblem(
                        "bandit", "algorithm is missing; use THOMPSON_SAMPLING or EPSILON_GREEDY"));
        assertThat(validator.problems(floorTooHigh))
                .containsExactly(new ExperimentProblem("bandit", "floorPercent must be between 0 and 50, was 60"));
        assertThat(validator.problems(numericOneUnit))
                .containsExactly(new ExperimentProblem(
                        "bandit", "numeric rewards need minUnitsPerArm of at least 2 (for a variance), was 1"));
        assertThat(validator.problems(spec(halves(), "conversion", List.of(), Design.fixed(500))
                        .withBandit(BanditDesign.of(io.dubboai.abtest.bandit.Algorithm.THOMPSON_SAMPLING))))
                .isEmpty();
    }
}
