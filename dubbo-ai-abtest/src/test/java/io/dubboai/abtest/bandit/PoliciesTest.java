package io.dubboai.abtest.bandit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.dubboai.abtest.MetricKind;
import java.util.List;
import org.apache.commons.rng.simple.RandomSource;
import org.apache.commons.statistics.distribution.BetaDistribution;
import org.apache.commons.statistics.distribution.NormalDistribution;
import org.junit.jupiter.api.Test;

/** The policies' shares against closed forms of "the probability that arm 1 is best". */
class PoliciesTest {

    @Test
    void thompsonWhenTwoBetaArmsShouldMatchIntegratedProbabilityOfBest() {
        // 40/400 vs 55/420 conversions: P(B > A) = integral of f_B(x) F_A(x) dx over [0, 1], by the midpoint rule
        ArmStats a = new ArmStats("a", 400, 40, 40);
        ArmStats b = new ArmStats("b", 420, 55, 55);
        BetaDistribution pa = BetaDistribution.of(41, 361);
        BetaDistribution pb = BetaDistribution.of(56, 366);
        double exact = 0;
        int steps = 200_000;
        for (int i = 0; i < steps; i++) {
            double x = (i + 0.5) / steps;
            exact += pb.density(x) * pa.cumulativeProbability(x) / steps;
        }

        double[] shares = new ThompsonSampling(MetricKind.CONVERSION, 200_000)
                .targetShares(List.of(a, b), RandomSource.XO_RO_SHI_RO_128_PP.create(1L));

        // 200,000 draws: standard error below 0.0012
        assertThat(shares[1]).isCloseTo(exact, within(0.004));
        assertThat(shares[0] + shares[1]).isCloseTo(1.0, within(1e-12));
    }

    @Test
    void thompsonWhenTwoGaussianArmsShouldMatchNormalProbabilityOfBest() {
        ArmStats a = arm("a", 10.0, 4.0, 50);
        ArmStats b = arm("b", 10.6, 5.0, 60);
        double exact = NormalDistribution.of(0, 1)
                .cumulativeProbability((b.mean() - a.mean()) / Math.sqrt(a.variance() / 50 + b.variance() / 60));

        double[] shares = new ThompsonSampling(MetricKind.NUMERIC, 200_000)
                .targetShares(List.of(a, b), RandomSource.XO_RO_SHI_RO_128_PP.create(2L));

        assertThat(shares[1]).isCloseTo(exact, within(0.004));
    }

    @Test
    void epsilonGreedyWhenOneArmLeadsShouldGiveItAllButEpsilon() {
        ArmStats a = new ArmStats("a", 100, 10, 10);
        ArmStats b = new ArmStats("b", 100, 20, 20);
        ArmStats c = new ArmStats("c", 100, 20, 20);

        double[] shares = new EpsilonGreedy(0.3).targetShares(List.of(a, b, c), RandomSource.JDK.create(0L));

        // b and c tie for best: each gets 0.1 + 0.35
        assertThat(shares).containsExactly(new double[] {0.1, 0.45, 0.45}, within(1e-12));
    }

    /** An arm of n units with exactly this sample mean and variance. */
    private static ArmStats arm(String name, double mean, double variance, long n) {
        double sumOfSquares = variance * (n - 1) + n * mean * mean;
        return new ArmStats(name, n, mean * n, sumOfSquares);
    }
}
