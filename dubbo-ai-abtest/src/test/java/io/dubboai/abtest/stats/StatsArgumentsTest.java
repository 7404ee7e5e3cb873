package io.dubboai.abtest.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Bad input is refused with a message that names the value and the fix; degenerate data gives defined results. */
class StatsArgumentsTest {

    @Test
    void relativeLiftWhenControlMeanIsZeroShouldSayUseAbsolute() {
        Summary zero = Summary.ofConversions(0, 500);
        Summary some = Summary.ofConversions(5, 500);

        assertThatIllegalArgumentException()
                .isThrownBy(() -> Lift.relativeInterval(zero, some, 0.05))
                .withMessageContaining("control mean is 0")
                .withMessageContaining("absolute lift");
    }

    @Test
    void alphaWhenOutOfRangeShouldBeRefusedWithExample() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new MixtureSequentialTest(1.5, 0.01))
                .withMessage("alpha must be between 0 and 1 (exclusive), e.g. 0.05; was 1.5");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new MixtureSequentialTest(0.05, 0))
                .withMessageContaining("tunedFor");
    }

    @Test
    void srmWhenCountsAndWeightsDifferInLengthShouldSaySo() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> SampleRatioMismatch.test(new long[] {1, 2, 3}, new double[] {50, 50}))
                .withMessage("got 3 observed counts for 2 allocation weights; give one of each per variant");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> SampleRatioMismatch.test(new long[] {1, 2}, new double[] {100, 0}))
                .withMessageContaining("allocation weight 1 must be positive");
    }

    @Test
    void proportionWhenMoreSuccessesThanTrialsShouldBeRefused() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new Proportion(11, 10))
                .withMessage("successes must be between 0 and trials (10), was 11");
    }

    @Test
    void welchWhenOneUnitShouldSayHowManyAreNeeded() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> WelchTTest.test(new Summary(1, 3, 0), new Summary(5, 3, 1)))
                .withMessage("Welch's t-test needs at least 2 units per arm; the control arm has 1");
    }

    @Test
    void zTestWhenNoConversionsAnywhereShouldShowNoDifference() {
        TestResult result = TwoProportionZTest.pooled(new Proportion(0, 100), new Proportion(0, 80));

        assertThat(result.statistic()).isZero();
        assertThat(result.pValue()).isEqualTo(1.0);
    }

    @Test
    void sequentialWhenStandardErrorIsZeroShouldNotDecide() {
        SequentialResult result = MixtureSequentialTest.tunedFor(0.05, 10_000).evaluate(0.0, 0.0, 200);

        assertThat(result.significant()).isFalse();
        assertThat(result.pValue()).isEqualTo(1.0);
        assertThat(result.interval().contains(1e9)).isTrue();
    }

    @Test
    void cupedWhenCovariateIsConstantShouldNotAdjust() {
        CupedArm a = CupedArm.of(new double[] {1, 2, 3}, new double[] {5, 5, 5});
        CupedArm b = CupedArm.of(new double[] {2, 4, 3}, new double[] {5, 5, 5});

        Cuped.Adjusted adjusted = Cuped.adjust(List.of(a, b));

        assertThat(adjusted.theta()).isZero();
        assertThat(adjusted.arms().get(0).mean()).isEqualTo(2.0);
        assertThat(adjusted.arms().get(1).variance()).isEqualTo(b.varianceY());
    }

    @Test
    void tunedForWhenReadAtTargetShouldNeedLessThanOtherTaus() {
        // tau tuned for n* = 20,000 (nearly) minimises the |z| needed at n*; any valid test needs more than 1.96 there
        MixtureSequentialTest tuned = MixtureSequentialTest.tunedFor(0.05, 20_000);
        MixtureSequentialTest wider = new MixtureSequentialTest(0.05, tuned.tau() * 2);
        MixtureSequentialTest narrower = new MixtureSequentialTest(0.05, tuned.tau() / 2);

        assertThat(tuned.criticalZ(20_000))
                .isLessThan(wider.criticalZ(20_000))
                .isLessThan(narrower.criticalZ(20_000))
                .isGreaterThan(Normal.twoSidedCritical(0.05));
    }
}
