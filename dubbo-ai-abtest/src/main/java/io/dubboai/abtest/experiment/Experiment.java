package io.dubboai.abtest.experiment;

import java.time.Instant;
import java.util.Map;
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
 * @param versions the version each variant serves, by variant name (aliases resolved when it started); null before
 *     it starts
 * @param decision the decision the experiment component took, null while it keeps running
 */
public record Experiment(
        ExperimentSpec spec,
        ExperimentStatus status,
        long unitsPerVariant,
        @Nullable RuleSnapshot savedRule,
        @Nullable Instant startedAt,
        @Nullable Instant stoppedAt,
        @Nullable Map<String, String> versions,
        @Nullable DecisionRecord decision) {

    public Experiment {
        versions = versions == null ? null : Map.copyOf(versions);
    }

    /** This experiment in another status. */
    Experiment with(
            ExperimentStatus next, @Nullable RuleSnapshot rule, @Nullable Instant started, @Nullable Instant stopped) {
        return new Experiment(spec, next, unitsPerVariant, rule, started, stopped, versions, decision);
    }

    /** This experiment with the versions its variants serve. */
    Experiment withVersions(Map<String, String> served) {
        return new Experiment(spec, status, unitsPerVariant, savedRule, startedAt, stoppedAt, served, decision);
    }

    /** This experiment with a decision. */
    Experiment withDecision(@Nullable DecisionRecord next) {
        return new Experiment(spec, status, unitsPerVariant, savedRule, startedAt, stoppedAt, versions, next);
    }

    /** The variant served by {@code version}, if one is. */
    public java.util.Optional<String> variantOf(String version) {
        if (versions == null) {
            return java.util.Optional.empty();
        }
        return versions.entrySet().stream()
                .filter(e -> e.getValue().equals(version))
                .map(Map.Entry::getKey)
                .findFirst();
    }
}
