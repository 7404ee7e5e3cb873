package io.dubboai.abtest.bandit;

import io.dubboai.abtest.MetricKind;
import java.util.List;
import org.apache.commons.rng.UniformRandomProvider;

/** Turns the rewards seen so far into a target share per arm. Implementations are stateless. */
public interface BanditPolicy {

    /**
     * The share each arm should get, in the order of {@code arms}; non-negative, summing to 1.
     *
     * @param arms every arm, each with at least the settings' minimum units
     * @param random the source of randomness (seeded by the caller so that replicas agree)
     */
    double[] targetShares(List<ArmStats> arms, UniformRandomProvider random);

    /** The policy the settings name, for rewards of {@code kind}. */
    static BanditPolicy of(BanditSettings settings, MetricKind kind) {
        return switch (settings.algorithm()) {
            case THOMPSON_SAMPLING -> new ThompsonSampling(kind, settings.draws());
            case EPSILON_GREEDY -> new EpsilonGreedy(settings.epsilon());
        };
    }
}
