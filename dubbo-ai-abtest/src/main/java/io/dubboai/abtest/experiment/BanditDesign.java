package io.dubboai.abtest.experiment;

import io.dubboai.abtest.bandit.Algorithm;
import io.dubboai.abtest.bandit.BanditSettings;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Makes an experiment adaptive: instead of keeping its fixed split, the experiment engine moves the route rule's
 * weights towards the variant that does best on the primary metric (a multi-armed bandit, {@link
 * io.dubboai.abtest.bandit.BanditService}), from the rewards recorded in the experiment's unit ledger. Unset fields
 * take the defaults of {@link BanditSettings#defaults}.
 *
 * @param algorithm {@code THOMPSON_SAMPLING} or {@code EPSILON_GREEDY}
 * @param floorPercent smallest weight any variant keeps, in percent (default 5)
 * @param minUnitsPerArm units every variant needs before the weights move (default 100)
 * @param maxStepPercent most percentage points one weight moves per update (default 10)
 * @param minIntervalSeconds shortest time between two moves of the weights, in seconds (default 60)
 * @param epsilon exploration share of epsilon-greedy (default 0.1)
 */
public record BanditDesign(
        @Nullable Algorithm algorithm,
        @Nullable Integer floorPercent,
        @Nullable Long minUnitsPerArm,
        @Nullable Integer maxStepPercent,
        @Nullable Long minIntervalSeconds,
        @Nullable Double epsilon) {

    /** A design with every default of {@code algorithm}. */
    public static BanditDesign of(Algorithm algorithm) {
        return new BanditDesign(algorithm, null, null, null, null, null);
    }

    /**
     * The bandit's settings, defaults filled in.
     *
     * @throws IllegalArgumentException when a value is out of its range (the message names it)
     */
    public BanditSettings settings() {
        if (algorithm == null) {
            throw new IllegalArgumentException("algorithm is missing; use THOMPSON_SAMPLING or EPSILON_GREEDY");
        }
        if (minIntervalSeconds != null && minIntervalSeconds < 0) {
            throw new IllegalArgumentException("minIntervalSeconds must not be negative, was " + minIntervalSeconds);
        }
        BanditSettings defaults = BanditSettings.defaults(algorithm);
        return new BanditSettings(
                algorithm,
                floorPercent == null ? defaults.floorPercent() : floorPercent,
                minUnitsPerArm == null ? defaults.minUnitsPerArm() : minUnitsPerArm,
                maxStepPercent == null ? defaults.maxStepPercent() : maxStepPercent,
                minIntervalSeconds == null ? defaults.minInterval() : Duration.ofSeconds(minIntervalSeconds),
                epsilon == null ? defaults.epsilon() : epsilon,
                defaults.draws());
    }
}
