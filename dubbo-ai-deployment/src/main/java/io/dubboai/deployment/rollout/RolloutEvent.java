package io.dubboai.deployment.rollout;

import io.dubboai.monitor.control.analysis.MetricResult;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One entry of a rollout's history: what happened, why, and the numbers behind it.
 *
 * @param at when
 * @param type e.g. {@code Created}, {@code CandidateReady}, {@code StepStarted}, {@code GatePassed},
 *     {@code GateFailed}, {@code GateInconclusive}, {@code Promoted}, {@code Paused}, {@code Resumed},
 *     {@code RollbackStarted}, {@code RolledBack}, {@code Succeeded}, {@code BaselineRemoved}
 * @param message a sentence for people
 * @param weights the split after the event (version → percent), or empty
 * @param verdict the analysis verdict of a gate event, or null
 * @param metrics the analysis' numbers behind a gate event (baseline, candidate, difference, status), or empty
 */
public record RolloutEvent(
        Instant at,
        String type,
        String message,
        Map<String, Integer> weights,
        @Nullable String verdict,
        List<MetricResult> metrics) {

    public RolloutEvent {
        weights = weights == null ? Map.of() : Map.copyOf(weights);
        metrics = metrics == null ? List.of() : List.copyOf(metrics);
    }

    /** An event without numbers. */
    public static RolloutEvent of(Instant at, String type, String message) {
        return new RolloutEvent(at, type, message, Map.of(), null, List.of());
    }
}
