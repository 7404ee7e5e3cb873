package io.dubboai.abtest.bandit;

import java.time.Duration;

/**
 * How a bandit adapts. Kept in the bandit's document, so every replica applies the same settings.
 *
 * @param algorithm Thompson sampling or epsilon-greedy
 * @param floorPercent smallest weight any arm keeps, in percent (0..100/arms); keeps every arm measurable
 * @param minUnitsPerArm units every arm must have before the weights move (at least 1; 2 for numeric rewards)
 * @param maxStepPercent most percentage points one weight moves per update (1..100)
 * @param minInterval shortest time between two updates of the weights
 * @param epsilon exploration share of epsilon-greedy (0..1); ignored by Thompson sampling
 * @param draws posterior draws Thompson sampling uses to estimate each arm's chance of being best (100..1,000,000)
 */
public record BanditSettings(
        Algorithm algorithm,
        int floorPercent,
        long minUnitsPerArm,
        int maxStepPercent,
        Duration minInterval,
        double epsilon,
        int draws) {

    /** Defaults: 5 % floor, 100 units per arm, 10 points per step, one step per minute, epsilon 0.1, 10,000 draws. */
    public static BanditSettings defaults(Algorithm algorithm) {
        return new BanditSettings(algorithm, 5, 100, 10, Duration.ofMinutes(1), 0.1, 10_000);
    }

    public BanditSettings {
        if (floorPercent < 0 || floorPercent > 50) {
            throw new IllegalArgumentException("floorPercent must be between 0 and 50, was " + floorPercent);
        }
        if (minUnitsPerArm < 1) {
            throw new IllegalArgumentException("minUnitsPerArm must be at least 1, was " + minUnitsPerArm);
        }
        if (maxStepPercent < 1 || maxStepPercent > 100) {
            throw new IllegalArgumentException("maxStepPercent must be between 1 and 100, was " + maxStepPercent);
        }
        if (minInterval.isNegative()) {
            throw new IllegalArgumentException("minInterval must not be negative, was " + minInterval);
        }
        if (!(epsilon >= 0 && epsilon <= 1)) {
            throw new IllegalArgumentException("epsilon must be between 0 and 1, was " + epsilon);
        }
        if (draws < 100 || draws > 1_000_000) {
            throw new IllegalArgumentException("draws must be between 100 and 1,000,000, was " + draws);
        }
    }

    /** These settings with another floor. */
    public BanditSettings withFloorPercent(int floor) {
        return new BanditSettings(algorithm, floor, minUnitsPerArm, maxStepPercent, minInterval, epsilon, draws);
    }

    /** These settings with another step bound. */
    public BanditSettings withMaxStepPercent(int step) {
        return new BanditSettings(algorithm, floorPercent, minUnitsPerArm, step, minInterval, epsilon, draws);
    }

    /** These settings with another minimum count per arm. */
    public BanditSettings withMinUnitsPerArm(long units) {
        return new BanditSettings(algorithm, floorPercent, units, maxStepPercent, minInterval, epsilon, draws);
    }

    /** These settings with another interval between updates. */
    public BanditSettings withMinInterval(Duration interval) {
        return new BanditSettings(algorithm, floorPercent, minUnitsPerArm, maxStepPercent, interval, epsilon, draws);
    }
}
