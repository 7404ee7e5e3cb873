package io.dubboai.abtest.bandit;

import io.dubboai.abtest.stats.Summary;

/**
 * The rewards one arm has collected (sufficient statistics: count, sum, sum of squares).
 *
 * @param arm the arm's name (a model version or alias)
 * @param units units seen
 * @param sum sum of their rewards
 * @param sumOfSquares sum of their squared rewards
 */
public record ArmStats(String arm, long units, double sum, double sumOfSquares) {

    public ArmStats {
        if (arm.isBlank()) {
            throw new IllegalArgumentException("an arm needs a name (a model version or alias)");
        }
        if (units < 0) {
            throw new IllegalArgumentException("units of arm '" + arm + "' must not be negative, was " + units);
        }
    }

    /** An arm with no rewards yet. */
    public static ArmStats empty(String arm) {
        return new ArmStats(arm, 0, 0, 0);
    }

    /** This arm with {@code reward} added. */
    public ArmStats plus(Reward reward) {
        return new ArmStats(arm, units + reward.units(), sum + reward.sum(), sumOfSquares + reward.sumOfSquares());
    }

    /** Mean reward; 0 before any unit. */
    public double mean() {
        return units == 0 ? 0 : sum / units;
    }

    /** Unbiased sample variance of one unit's reward; 0 below two units. */
    public double variance() {
        if (units < 2) {
            return 0;
        }
        double mean = mean();
        return Math.max(0, (sumOfSquares - units * mean * mean) / (units - 1));
    }

    /** The arm as the statistics see it (at least one unit). */
    public Summary summary() {
        return new Summary(units, mean(), variance());
    }
}
