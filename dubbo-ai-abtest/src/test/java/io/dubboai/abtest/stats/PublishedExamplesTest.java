package io.dubboai.abtest.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.apache.commons.statistics.inference.ChiSquareTest;
import org.apache.commons.statistics.inference.DataDispersion;
import org.apache.commons.statistics.inference.SignificanceResult;
import org.apache.commons.statistics.inference.TTest;
import org.junit.jupiter.api.Test;

/**
 * Worked examples with published numbers, and Apache Commons Statistics' own tests (commons-statistics-inference) as a
 * second, independent implementation.
 */
class PublishedExamplesTest {

    @Test
    void srmWhenKohaviTangXuExampleShouldFlagMismatch() {
        // Kohavi, Tang, Xu, "Trustworthy Online Controlled Experiments" (2020), ch. 3: 821,588 vs 815,482 units on a
        // 50/50 split; "the p-value ... is 1.8E-6", far below the 0.001 threshold.
        SrmResult result = SampleRatioMismatch.test(new long[] {821_588, 815_482}, new double[] {50, 50});

        assertThat(result.pValue()).isCloseTo(1.8e-6, within(0.05e-6));
        assertThat(result.degreesOfFreedom()).isEqualTo(1);
        assertThat(result.mismatch()).isTrue();
    }

    @Test
    void welchWhenRExampleShouldMatchPublishedOutput() {
        // R's t.test(ts1, ts2) (Welch by default), as printed in a Cross Validated answer on the Welch interval:
        // t = -1.8325, df = 17.9, p-value = 0.08356, 95 percent confidence interval: -2.1469104 0.1469104
        double[] ts1 = {11, 9, 10, 11, 10, 12, 9, 11, 12, 9};
        double[] ts2 = {11, 13, 10, 13, 12, 9, 11, 12, 12, 11};
        Summary control = Summary.ofValues(ts2);
        Summary treatment = Summary.ofValues(ts1);

        TestResult result = WelchTTest.test(control, treatment);
        Interval ci = WelchTTest.confidenceInterval(control, treatment, 0.05);

        assertThat(result.statistic()).isCloseTo(-1.8325, within(0.00005));
        assertThat(result.degreesOfFreedom()).isCloseTo(17.9, within(0.05));
        assertThat(result.pValue()).isCloseTo(0.08356, within(0.000005));
        assertThat(ci.lower()).isCloseTo(-2.1469104, within(5e-8));
        assertThat(ci.upper()).isCloseTo(0.1469104, within(5e-8));
    }

    @Test
    void welchWhenComparedWithCommonsStatisticsTTestShouldAgree() {
        double[] a = {20.1, 22.3, 19.8, 25.0, 21.7, 23.3, 18.9, 24.4};
        double[] b = {27.5, 21.0, 29.3, 30.1, 24.8, 26.6, 31.2, 22.9, 28.0, 25.5, 27.7};
        TTest.Result oracle =
                TTest.withDefaults().with(DataDispersion.HETEROSCEDASTIC).test(b, a);

        TestResult result = WelchTTest.test(Summary.ofValues(a), Summary.ofValues(b));

        assertThat(result.statistic()).isCloseTo(oracle.getStatistic(), within(1e-10));
        assertThat(result.degreesOfFreedom()).isCloseTo(oracle.getDegreesOfFreedom(), within(1e-9));
        assertThat(result.pValue()).isCloseTo(oracle.getPValue(), within(1e-12));
    }

    @Test
    void pooledZTestWhenComparedWithCommonsChiSquareOfTableShouldAgree() {
        long[][] table = {{412, 4588}, {465, 4535}};
        SignificanceResult oracle = ChiSquareTest.withDefaults().test(table);

        TestResult result = TwoProportionZTest.pooled(new Proportion(412, 5000), new Proportion(465, 5000));

        assertThat(result.statistic() * result.statistic()).isCloseTo(oracle.getStatistic(), within(1e-9));
        assertThat(result.pValue()).isCloseTo(oracle.getPValue(), within(1e-12));
    }

    @Test
    void srmWhenComparedWithCommonsChiSquareShouldAgree() {
        long[] observed = {3_300, 3_350, 3_500};
        SignificanceResult oracle = ChiSquareTest.withDefaults().test(new double[] {1, 1, 1}, observed);

        SrmResult result = SampleRatioMismatch.test(observed, new double[] {1, 1, 1});

        assertThat(result.chiSquare()).isCloseTo(oracle.getStatistic(), within(1e-9));
        assertThat(result.pValue()).isCloseTo(oracle.getPValue(), within(1e-12));
    }

    @Test
    void sampleSizeWhenTenToElevenPercentShouldReachEightyPercentPower() {
        long n = SampleSize.perArmForProportions(0.10, 0.11, 0.05, 0.80);

        // Fleiss' formula gives 14,750.79 per arm for this case (evaluated with SciPy's normal quantiles), rounded up
        assertThat(n).isEqualTo(14_751L);
        // n is the smallest sample size with the power: one unit less falls short of 0.8
        assertThat(power(0.10, 0.11, n)).isGreaterThanOrEqualTo(0.80);
        assertThat(power(0.10, 0.11, n - 1)).isLessThan(0.80);
    }

    /** The pooled z-test's power at n per arm (normal approximation, the far tail neglected). */
    private static double power(double p1, double p2, long n) {
        double pbar = (p1 + p2) / 2;
        double za = Normal.twoSidedCritical(0.05);
        double z = (Math.abs(p2 - p1) * Math.sqrt(n) - za * Math.sqrt(2 * pbar * (1 - pbar)))
                / Math.sqrt(p1 * (1 - p1) + p2 * (1 - p2));
        return 1
                - org.apache.commons.statistics.distribution.NormalDistribution.of(0, 1)
                        .survivalProbability(z);
    }
}
