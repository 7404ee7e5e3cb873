package io.dubboai.abtest.experiment;

import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A final decision on an experiment, as stored in it: taken once by compare-and-set, then carried out and audited; a
 * new leader finds what is left to do here.
 *
 * @param kind what was decided
 * @param winner the winning variant (promotion), or null
 * @param winnerVersion the version the winner serves, or null
 * @param reason the decision in words, with the numbers behind it
 * @param evidence the numbers behind it by name (difference, interval bounds, p-value, units, SRM p-value)
 * @param decidedAt when it was taken
 * @param applied whether it was carried out (alias moved, experiment stopped); false for a recommendation not yet
 *     applied
 * @param auditedAt when its audit entry was written, null before
 */
public record DecisionRecord(
        DecisionKind kind,
        @Nullable String winner,
        @Nullable String winnerVersion,
        String reason,
        Map<String, Double> evidence,
        Instant decidedAt,
        boolean applied,
        @Nullable Instant auditedAt) {

    public DecisionRecord {
        evidence = Map.copyOf(evidence);
    }

    /** This decision, carried out. */
    public DecisionRecord asApplied() {
        return new DecisionRecord(kind, winner, winnerVersion, reason, evidence, decidedAt, true, auditedAt);
    }

    /** This decision, audited at {@code at}. */
    public DecisionRecord auditedAt(Instant at) {
        return new DecisionRecord(kind, winner, winnerVersion, reason, evidence, decidedAt, applied, at);
    }
}
