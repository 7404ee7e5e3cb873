package io.dubboai.abtest.bandit;

import java.util.List;
import org.apache.commons.rng.UniformRandomProvider;

/**
 * Epsilon-greedy as a traffic split: the arm with the highest mean reward gets {@code 1 - epsilon} of the traffic
 * (split evenly between arms that tie), and every arm, the best included, gets {@code epsilon / k} to keep exploring.
 *
 * <p>Source: R. S. Sutton and A. G. Barto, <i>Reinforcement Learning: An Introduction</i> (2nd ed., 2018), sections
 * 2.2-2.3. Deterministic: the same rewards give the same shares.
 */
public final class EpsilonGreedy implements BanditPolicy {

    private final double epsilon;

    public EpsilonGreedy(double epsilon) {
        if (!(epsilon >= 0 && epsilon <= 1)) {
            throw new IllegalArgumentException("epsilon must be between 0 and 1, was " + epsilon);
        }
        this.epsilon = epsilon;
    }

    @Override
    public double[] targetShares(List<ArmStats> arms, UniformRandomProvider random) {
        int k = arms.size();
        double best = Double.NEGATIVE_INFINITY;
        for (ArmStats arm : arms) {
            best = Math.max(best, arm.mean());
        }
        int tied = 0;
        for (ArmStats arm : arms) {
            if (arm.mean() == best) {
                tied++;
            }
        }
        double[] shares = new double[k];
        for (int i = 0; i < k; i++) {
            shares[i] = epsilon / k + (arms.get(i).mean() == best ? (1 - epsilon) / tied : 0);
        }
        return shares;
    }
}
