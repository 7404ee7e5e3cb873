package io.dubboai.abtest.experiment;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * An experiment as stored (document {@code experiment.<id>}).
 *
 * @param spec its definition (valid)
 * @param status where it is in its life
 * @param unitsPerVariant the size its design asks for
 * @param savedRule the rule fields it took over, saved before its split was written; null before it starts
 * @param startedAt when its split was written
 * @param stoppedAt when it stopped
 */
public record Experiment(
        ExperimentSpec spec,
        ExperimentStatus status,
        long unitsPerVariant,
        @Nullable RuleSnapshot savedRule,
        @Nullable Instant startedAt,
        @Nullable Instant stoppedAt) {

    /** This experiment in another status. */
    Experiment with(
            ExperimentStatus next, @Nullable RuleSnapshot rule, @Nullable Instant started, @Nullable Instant stopped) {
        return new Experiment(spec, next, unitsPerVariant, rule, started, stopped);
    }
}
