package io.dubboai.abtest.bandit;

import io.dubboai.abtest.MetricKind;
import java.util.List;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.statistics.distribution.BetaDistribution;
import org.apache.commons.statistics.distribution.ContinuousDistribution;
import org.apache.commons.statistics.distribution.NormalDistribution;

/**
 * Thompson sampling as a traffic split ("randomized probability matching"): each arm's share is the posterior
 * probability that it has the highest mean reward, estimated from {@code draws} joint draws of the posteriors.
 *
 * <p>Sources: W. R. Thompson, "On the likelihood that one unknown probability exceeds another in view of the
 * evidence of two samples", <i>Biometrika</i> 25 (1933) 285-294; S. L. Scott, "Multi-armed bandit experiments in the
 * online service economy", <i>Applied Stochastic Models in Business and Industry</i> 31 (2015) 37-45 (weights equal
 * to the probability of being best, updated in batches); D. Russo et al., "A Tutorial on Thompson Sampling",
 * <i>Foundations and Trends in Machine Learning</i> 11(1), 2018, sections 3 (Beta-Bernoulli) and 4.
 *
 * <ul>
 *   <li>{@link MetricKind#CONVERSION}: a uniform {@code Beta(1, 1)} prior, posterior {@code Beta(1 + conversions,
 *       1 + units - conversions)}.
 *   <li>{@link MetricKind#NUMERIC}: a flat prior on the mean with the sample variance plugged in, posterior {@code
 *       N(mean, s^2 / n)} (the large-sample normal posterior; Russo et al., section 4, with known variance).
 * </ul>
 *
 * <p>With {@code d} draws a share is estimated to within about {@code 0.5 / sqrt(d)}; the default 10,000 draws give
 * half a percentage point, finer than the integer weights of a route rule.
 */
public final class ThompsonSampling implements BanditPolicy {

    private final MetricKind kind;
    private final int draws;

    public ThompsonSampling(MetricKind kind, int draws) {
        if (draws < 1) {
            throw new IllegalArgumentException("draws must be at least 1, was " + draws);
        }
        this.kind = kind;
        this.draws = draws;
    }

    @Override
    public double[] targetShares(List<ArmStats> arms, UniformRandomProvider random) {
        int k = arms.size();
        ContinuousDistribution.Sampler[] posteriors = new ContinuousDistribution.Sampler[k];
        double[] fixed = new double[k];
        for (int i = 0; i < k; i++) {
            ArmStats arm = arms.get(i);
            if (kind == MetricKind.CONVERSION) {
                double conversions = Math.min(arm.sum(), arm.units());
                posteriors[i] = BetaDistribution.of(1 + conversions, 1 + arm.units() - conversions)
                        .createSampler(random);
            } else {
                double sd = Math.sqrt(arm.variance() / Math.max(1, arm.units()));
                if (sd > 0) {
                    posteriors[i] = NormalDistribution.of(arm.mean(), sd).createSampler(random);
                } else {
                    fixed[i] = arm.mean();
                }
            }
        }
        long[] wins = new long[k];
        for (int d = 0; d < draws; d++) {
            int best = 0;
            double bestValue = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < k; i++) {
                double value = posteriors[i] == null ? fixed[i] : posteriors[i].sample();
                if (value > bestValue) {
                    bestValue = value;
                    best = i;
                }
            }
            wins[best]++;
        }
        double[] shares = new double[k];
        for (int i = 0; i < k; i++) {
            shares[i] = (double) wins[i] / draws;
        }
        return shares;
    }
}
