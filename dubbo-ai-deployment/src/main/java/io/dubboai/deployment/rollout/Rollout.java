package io.dubboai.deployment.rollout;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A deployment and where its rollout stands: the document {@code deployment.<name>} in the control plane's document
 * store, changed only by compare-and-set. Everything a new leader needs to resume is here: the step, when it started,
 * the last gate check, and the history.
 *
 * @param spec the desired state, defaults filled in
 * @param candidate the version being rolled out (the spec's alias resolved at creation)
 * @param baseline the version that had all traffic when the rollout began, or null for a model's first version
 * @param phase where it stands
 * @param paused whether an operator paused it (steps hold; gates are not checked)
 * @param step index into the strategy's steps
 * @param stepStartedAt when the current step's weights were written, or null when they are still to be written
 * @param lastCheckAt when the gates were last checked in this step, or null
 * @param inconclusive inconclusive checks in a row at the end of the current step
 * @param rollbackTo the final phase a rollback ends in ({@code ROLLED_BACK} or {@code ABORTED}), or null
 * @param rollbackDecidedAt when the rollback was decided, or null
 * @param weights the split the rollout last wrote (version → percent)
 * @param conditions the conditions
 * @param events the history, oldest first, at most {@value #MAX_EVENTS}
 * @param createdBy who created it
 * @param createdAt when
 * @param finishedAt when it reached a final phase, or null
 * @param removeBaselineAt when a kept baseline (blue-green) is to be removed, or null
 * @param baselineRemoved whether the baseline's providers were removed
 * @param shadowing whether the canary is in its shadow step (before step 0: the baseline has all traffic and the
 *     candidate gets mirrored calls; {@code step} is 0 meanwhile); after a rollback, whether it ended there (the
 *     rule's shadow is cleared all the same)
 */
public record Rollout(
        DeploymentSpec spec,
        String candidate,
        @Nullable String baseline,
        RolloutPhase phase,
        boolean paused,
        int step,
        @Nullable Instant stepStartedAt,
        @Nullable Instant lastCheckAt,
        int inconclusive,
        @Nullable RolloutPhase rollbackTo,
        @Nullable Instant rollbackDecidedAt,
        Map<String, Integer> weights,
        List<RolloutCondition> conditions,
        List<RolloutEvent> events,
        String createdBy,
        Instant createdAt,
        @Nullable Instant finishedAt,
        @Nullable Instant removeBaselineAt,
        boolean baselineRemoved,
        boolean shadowing) {

    /** Events kept per rollout; older ones are dropped. */
    public static final int MAX_EVENTS = 100;

    public Rollout {
        weights = weights == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(weights));
        conditions = conditions == null ? List.of() : List.copyOf(conditions);
        events = events == null ? List.of() : List.copyOf(events);
    }

    /** The deployment's name. */
    public String name() {
        return java.util.Objects.requireNonNull(spec.name());
    }

    /** The model. */
    public String model() {
        return java.util.Objects.requireNonNull(spec.model());
    }

    /** The candidate's share at the current step (0 in the shadow step: it gets only mirrored calls). */
    public int stepWeight() {
        return shadowing ? 0 : steps().get(step);
    }

    /** The share of calls mirrored to the candidate in the shadow step, 0 outside it. */
    public double shadowPercent() {
        Strategy.Shadow shadow = spec.strategyOrDefault().shadow();
        return shadowing && shadow != null && shadow.percent() != null ? shadow.percent() : 0;
    }

    /** How long the current step holds: the shadow step's interval or the strategy's step interval. */
    public java.time.Duration stepInterval() {
        Strategy strategy = spec.strategyOrDefault();
        Strategy.Shadow shadow = strategy.shadow();
        return shadowing && shadow != null && shadow.interval() != null
                ? shadow.interval()
                : java.util.Objects.requireNonNull(strategy.stepInterval());
    }

    /** The current step for messages: "shadow step (20 % mirrored)" or "step 2 (25 %)". */
    public String stepLabel() {
        return shadowing
                ? "shadow step (" + formatPercent(shadowPercent()) + " % mirrored)"
                : "step " + (step + 1) + " (" + stepWeight() + " %)";
    }

    /** The strategy's steps. */
    public List<Integer> steps() {
        return java.util.Objects.requireNonNull(spec.strategyOrDefault().steps());
    }

    /** Whether the current step is the last one (100 %). */
    public boolean atLastStep() {
        return !shadowing && step >= steps().size() - 1;
    }

    /** The holder name of this rollout in {@code ModelClaims}: {@code rollout:<name>}. */
    public String holder() {
        return DeploymentService.HOLDER_PREFIX + name();
    }

    /** A percentage as written in messages: {@code 20}, {@code 0.5}. */
    static String formatPercent(double percent) {
        return percent == Math.rint(percent) ? String.valueOf((long) percent) : String.valueOf(percent);
    }

    /** A copy to change. */
    Change change() {
        return new Change(this);
    }

    /** A mutable copy used to compute the next document; {@link #build()} makes the record. */
    static final class Change {
        private final Rollout from;
        DeploymentSpec spec;
        RolloutPhase phase;
        boolean paused;
        int step;

        @Nullable
        Instant stepStartedAt;

        @Nullable
        Instant lastCheckAt;

        int inconclusive;

        @Nullable
        RolloutPhase rollbackTo;

        @Nullable
        Instant rollbackDecidedAt;

        Map<String, Integer> weights;
        final List<RolloutCondition> conditions;
        final List<RolloutEvent> events;

        @Nullable
        Instant finishedAt;

        @Nullable
        Instant removeBaselineAt;

        boolean baselineRemoved;
        boolean shadowing;

        private Change(Rollout from) {
            this.from = from;
            spec = from.spec;
            phase = from.phase;
            paused = from.paused;
            step = from.step;
            stepStartedAt = from.stepStartedAt;
            lastCheckAt = from.lastCheckAt;
            inconclusive = from.inconclusive;
            rollbackTo = from.rollbackTo;
            rollbackDecidedAt = from.rollbackDecidedAt;
            weights = from.weights;
            conditions = new ArrayList<>(from.conditions);
            events = new ArrayList<>(from.events);
            finishedAt = from.finishedAt;
            removeBaselineAt = from.removeBaselineAt;
            baselineRemoved = from.baselineRemoved;
            shadowing = from.shadowing;
        }

        Change event(RolloutEvent event) {
            events.add(event);
            while (events.size() > MAX_EVENTS) {
                events.remove(0);
            }
            return this;
        }

        /** Sets a condition; its {@code since} changes only when its status or reason does. */
        Change condition(String type, boolean status, String reason, String message, Instant now) {
            for (int i = 0; i < conditions.size(); i++) {
                RolloutCondition old = conditions.get(i);
                if (old.type().equals(type)) {
                    boolean same = old.status() == status && old.reason().equals(reason);
                    conditions.set(i, new RolloutCondition(type, status, reason, message, same ? old.since() : now));
                    return this;
                }
            }
            conditions.add(new RolloutCondition(type, status, reason, message, now));
            return this;
        }

        Rollout build() {
            return new Rollout(
                    spec,
                    from.candidate,
                    from.baseline,
                    phase,
                    paused,
                    step,
                    stepStartedAt,
                    lastCheckAt,
                    inconclusive,
                    rollbackTo,
                    rollbackDecidedAt,
                    weights,
                    conditions,
                    events,
                    from.createdBy,
                    from.createdAt,
                    finishedAt,
                    removeBaselineAt,
                    baselineRemoved,
                    shadowing);
        }
    }
}
