package io.dubboai.deployment.rollout;

import io.dubboai.controlplane.claim.ModelClaims;
import io.dubboai.controlplane.rule.RouteRuleEditor;
import io.dubboai.controlplane.rule.RouteRulePrecondition;
import io.dubboai.controlplane.rule.StoredRouteRule;
import io.dubboai.controlplane.store.DocumentStore;
import io.dubboai.controlplane.store.JsonDocuments;
import io.dubboai.core.rule.ModelRouteRule;
import io.dubboai.monitor.control.analysis.AnalysisRequest;
import io.dubboai.monitor.control.analysis.AnalysisResult;
import io.dubboai.monitor.control.analysis.MetricCheck;
import io.dubboai.monitor.control.analysis.MetricResult;
import io.dubboai.monitor.control.analysis.MetricStatus;
import io.dubboai.monitor.control.analysis.Verdict;
import io.dubboai.monitor.control.analysis.VersionAnalysis;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves each rollout one step closer to what its document asks for. Level-based: every pass reads the document and
 * does the next action its phase and fields call for; nothing is kept in memory between passes, so a new leader (or
 * a restarted one) resumes where the document says.
 *
 * <h2>One action, then one compare-and-set</h2>
 * Each action is idempotent (bring a version up, write a split, run an analysis, remove a version) and is followed by
 * one compare-and-set of the document from the state that asked for it, recording the action and its event. A leader
 * that dies between the two leaves the document where it was: the next leader repeats the idempotent action (the
 * split is already written, so the editor writes nothing) and records it once. A stale leader's record loses the
 * compare-and-set, so no event is recorded twice and no step is skipped.
 *
 * <h2>Phases</h2>
 * <ul>
 *   <li>{@code PENDING}: {@link VersionExecutor#ensure} the candidate; once ready, {@code PROGRESSING} at step 0
 *       (at the last step for a model's first version).
 *   <li>{@code PROGRESSING}: write the step's split through the {@link RouteRuleEditor} and record when. Then check
 *       the gates every {@code analysisEvery} over {@code analysisWindow} with the analysis API: a failed gate starts
 *       the rollback at once; after {@code stepInterval} a passing check moves to the next step, an inconclusive one
 *       (no data) waits, at most {@code maxInconclusive} times. At the last step (100 %) the rollout has succeeded:
 *       the model is released and the baseline removed (after {@code keepBaselineFor} for blue-green).
 *   <li>{@code ROLLING_BACK}: bring the baseline up again if it was removed, write 100 % back to it, remove the
 *       candidate, end in {@code ROLLED_BACK} or {@code ABORTED}, release the model.
 * </ul>
 *
 * <p>Threading: one pass at a time per reconciler (the component runs one thread); several reconcilers on several
 * nodes are settled by compare-and-set, but only the leader runs one.
 */
public final class RolloutReconciler {

    private static final Logger log = LoggerFactory.getLogger(RolloutReconciler.class);

    private final DeploymentService deployments;
    private final JsonDocuments<Rollout> rollouts;
    private final ModelClaims claims;
    private final RouteRuleEditor rules;
    private final VersionExecutor executor;
    private final @Nullable VersionAnalysis analysis;
    private final Clock clock;
    private final Set<String> releaseChecked = ConcurrentHashMap.newKeySet();

    /**
     * @param analysis the analysis API for gates; null: gates are inconclusive (and roll back after
     *     {@code maxInconclusive} checks) and say that no analysis backend is configured
     */
    public RolloutReconciler(
            DeploymentService deployments,
            DocumentStore store,
            RouteRuleEditor rules,
            VersionExecutor executor,
            @Nullable VersionAnalysis analysis,
            Clock clock) {
        this.deployments = deployments;
        this.rollouts = new JsonDocuments<>(store, Rollout.class);
        this.claims = new ModelClaims(store);
        this.rules = rules;
        this.executor = executor;
        this.analysis = analysis;
        this.clock = clock;
    }

    /** One pass over every deployment; a failure of one is logged and does not stop the others. */
    public void reconcileAll() {
        for (String name : deployments.names()) {
            try {
                reconcile(name);
            } catch (RuntimeException e) {
                log.warn("Deployment {}: this pass failed and will be tried again: {}", name, e.toString());
                log.debug("Deployment {} pass failure", name, e);
            }
        }
    }

    /**
     * One pass over deployment {@code name}: as many actions as can be taken now.
     *
     * @return the document after the pass, empty when there is no such deployment
     */
    public Optional<Rollout> reconcile(String name) {
        for (int actions = 0; actions < 8; actions++) {
            Optional<Rollout> read = deployments.find(name);
            if (read.isEmpty()) {
                return read;
            }
            Rollout rollout = read.get();
            boolean acted =
                    switch (rollout.phase()) {
                        case PENDING -> pending(rollout);
                        case PROGRESSING -> progressing(rollout);
                        case ROLLING_BACK -> rollingBack(rollout);
                        case SUCCEEDED, ROLLED_BACK, ABORTED -> finished(rollout);
                    };
            if (!acted) {
                return Optional.of(rollout);
            }
        }
        return deployments.find(name);
    }

    private boolean pending(Rollout rollout) {
        if (rollout.paused()) {
            return false;
        }
        VersionExecutor.Readiness readiness = executor.ensure(rollout.spec(), rollout.candidate(), rollout.holder());
        Instant now = clock.instant();
        if (!readiness.ready()) {
            record(rollout, RolloutPhase.PENDING, r -> r.change()
                    .condition(RolloutCondition.CANDIDATE_READY, false, "Waiting", readiness.detail(), now));
            return false;
        }
        return record(rollout, RolloutPhase.PENDING, r -> {
            Rollout.Change change = r.change()
                    .condition(RolloutCondition.CANDIDATE_READY, true, "Ready", readiness.detail(), now)
                    .event(RolloutEvent.of(
                            now, "CandidateReady", "version " + r.candidate() + " is ready: " + readiness.detail()));
            change.phase = RolloutPhase.PROGRESSING;
            if (r.baseline() == null) {
                change.step = r.steps().size() - 1;
            } else {
                change.shadowing = r.spec().strategyOrDefault().shadow() != null;
            }
            change.stepStartedAt = null;
            return change;
        });
    }

    private boolean progressing(Rollout rollout) {
        if (rollout.paused()) {
            return false;
        }
        Instant now = clock.instant();
        if (rollout.stepStartedAt() == null) {
            int weight = rollout.stepWeight();
            Map<String, Integer> weights = writeSplit(rollout, weight, rollout.shadowPercent());
            return record(rollout, RolloutPhase.PROGRESSING, r -> {
                if (r.step() != rollout.step() || r.shadowing() != rollout.shadowing() || r.stepStartedAt() != null) {
                    return null; // an operator's promote came in between: the next pass writes that step
                }
                Rollout.Change change = r.change();
                change.stepStartedAt = now;
                change.lastCheckAt = null;
                change.inconclusive = 0;
                change.weights = weights;
                return change.event(new RolloutEvent(
                        now,
                        r.shadowing() ? "ShadowStarted" : "StepStarted",
                        r.shadowing()
                                ? "shadow step: version " + r.baseline() + " keeps all traffic; "
                                        + Rollout.formatPercent(r.shadowPercent())
                                        + " % of the calls are mirrored to version " + r.candidate()
                                        + ", whose answers are discarded"
                                : "step " + (r.step() + 1) + " of " + r.steps().size() + ": version " + r.candidate()
                                        + " takes " + weight + " %",
                        weights,
                        null,
                        List.of()));
            });
        }
        if (rollout.atLastStep()) {
            return succeed(rollout, now);
        }
        Strategy strategy = rollout.spec().strategyOrDefault();
        Instant stepEnd = rollout.stepStartedAt().plus(rollout.stepInterval());
        boolean stepOver = !now.isBefore(stepEnd);
        if (strategy.gates().isEmpty()) {
            return stepOver && advance(rollout, now, null, "held " + rollout.stepInterval() + " (no gates)");
        }
        Instant due = (rollout.lastCheckAt() == null ? rollout.stepStartedAt() : rollout.lastCheckAt())
                .plus(strategy.analysisEvery());
        boolean endCheckDue = stepOver
                && (rollout.lastCheckAt() == null || rollout.lastCheckAt().isBefore(stepEnd));
        if (now.isBefore(due) && !endCheckDue) {
            return false;
        }
        AnalysisResult result = analyse(rollout, strategy, now);
        String numbers = describe(result);
        return switch (result.verdict()) {
            case FAIL ->
                record(
                        rollout,
                        RolloutPhase.PROGRESSING,
                        r -> rollBack(
                                r,
                                now,
                                new RolloutEvent(
                                        now,
                                        "GateFailed",
                                        r.stepLabel() + ": " + numbers + "; rolling back to version " + r.baseline(),
                                        r.weights(),
                                        result.verdict().name(),
                                        result.metrics())));
            case PASS ->
                stepOver
                        ? advance(rollout, now, result, numbers)
                        : record(rollout, RolloutPhase.PROGRESSING, r -> {
                            Rollout.Change change = r.change();
                            change.lastCheckAt = now;
                            return change.condition(RolloutCondition.HEALTHY, true, "GatePassed", numbers, now);
                        });
            case INCONCLUSIVE ->
                record(rollout, RolloutPhase.PROGRESSING, r -> {
                    Rollout.Change change = r.change();
                    change.lastCheckAt = now;
                    change.condition(RolloutCondition.HEALTHY, false, "Inconclusive", numbers, now);
                    if (!stepOver) {
                        return change;
                    }
                    change.inconclusive = r.inconclusive() + 1;
                    RolloutEvent event = new RolloutEvent(
                            now,
                            "GateInconclusive",
                            r.stepLabel() + ": " + numbers + " (" + change.inconclusive + " of "
                                    + strategy.maxInconclusive() + " allowed)",
                            r.weights(),
                            result.verdict().name(),
                            result.metrics());
                    if (change.inconclusive > strategy.maxInconclusive()) {
                        return rollBack(r, now, event);
                    }
                    return change.event(event);
                });
        };
    }

    private boolean advance(Rollout rollout, Instant now, @Nullable AnalysisResult result, String why) {
        return record(rollout, RolloutPhase.PROGRESSING, r -> {
            if (r.step() != rollout.step() || r.shadowing() != rollout.shadowing()) {
                return null;
            }
            Rollout.Change change = r.change();
            if (r.shadowing()) {
                change.shadowing = false; // step 0 comes next; its split write clears the rule's shadow
            } else {
                change.step = r.step() + 1;
            }
            change.stepStartedAt = null;
            change.lastCheckAt = null;
            change.inconclusive = 0;
            if (result != null) {
                change.condition(RolloutCondition.HEALTHY, true, "GatePassed", why, now);
            }
            return change.event(new RolloutEvent(
                    now,
                    result == null ? "StepCompleted" : "GatePassed",
                    r.stepLabel() + " done: " + why,
                    r.weights(),
                    result == null ? null : result.verdict().name(),
                    result == null ? List.of() : result.metrics()));
        });
    }

    private boolean succeed(Rollout rollout, Instant now) {
        Strategy strategy = rollout.spec().strategyOrDefault();
        // released before the end is recorded, so whoever reads SUCCEEDED finds the model free; safe because nothing
        // writes the rule after the last step (a lost record is recorded by the next pass, which releases again)
        claims.release(rollout.model(), rollout.holder());
        return record(rollout, RolloutPhase.PROGRESSING, r -> {
            Rollout.Change change = r.change();
            change.phase = RolloutPhase.SUCCEEDED;
            change.finishedAt = now;
            change.removeBaselineAt = r.baseline() == null ? null : now.plus(strategy.keepBaselineFor());
            change.condition(
                    RolloutCondition.PROGRESSING,
                    false,
                    "Succeeded",
                    "version " + r.candidate() + " takes all traffic",
                    now);
            return change.event(RolloutEvent.of(
                    now,
                    "Succeeded",
                    "version " + r.candidate() + " takes 100 %"
                            + (r.baseline() == null
                                    ? ""
                                    : "; version " + r.baseline() + " is removed "
                                            + (strategy.keepBaselineFor().isZero()
                                                    ? "now"
                                                    : "after " + strategy.keepBaselineFor()))));
        });
    }

    private boolean rollingBack(Rollout rollout) {
        Instant now = clock.instant();
        Map<String, Integer> weights = rollout.weights();
        String baseline = rollout.baseline();
        if (baseline != null) {
            VersionExecutor.Readiness readiness = executor.ensure(rollout.spec(), baseline, rollout.holder());
            if (!readiness.ready()) {
                record(rollout, RolloutPhase.ROLLING_BACK, r -> r.change()
                        .condition(RolloutCondition.PROGRESSING, true, "WaitingForBaseline", readiness.detail(), now));
                return false;
            }
            weights = writeSplit(rollout, 0, 0);
        }
        executor.remove(rollout.spec(), rollout.candidate(), rollout.holder());
        Instant done = clock.instant();
        Map<String, Integer> written = weights;
        boolean acted = record(rollout, RolloutPhase.ROLLING_BACK, r -> {
            Rollout.Change change = r.change();
            RolloutPhase end = r.rollbackTo() == null ? RolloutPhase.ROLLED_BACK : r.rollbackTo();
            change.phase = end;
            change.finishedAt = done;
            change.weights = written;
            change.baselineRemoved = false; // shadowing and step stay: where the rollout ended
            long millis = r.rollbackDecidedAt() == null
                    ? 0
                    : Duration.between(r.rollbackDecidedAt(), done).toMillis();
            change.condition(
                    RolloutCondition.PROGRESSING,
                    false,
                    end == RolloutPhase.ABORTED ? "Aborted" : "RolledBack",
                    "back on version " + r.baseline(),
                    done);
            return change.event(new RolloutEvent(
                    done,
                    "RolledBack",
                    baseline == null
                            ? "version " + r.candidate() + " removed; the model had no earlier version, its route rule"
                                    + " is left as it was"
                            : "version " + r.candidate() + " at 0 %, version " + baseline + " at 100 %, "
                                    + millis + " ms after the rollback was decided; version " + r.candidate()
                                    + " removed",
                    written,
                    null,
                    List.of()));
        });
        if (acted) {
            claims.release(rollout.model(), rollout.holder());
        }
        return acted;
    }

    private boolean finished(Rollout rollout) {
        if (releaseChecked.add(rollout.name())) {
            // a leader that stopped between recording the end and releasing the model left the claim behind
            claims.release(rollout.model(), rollout.holder());
            // a rollout that replaced this one under the same name (and holder) in the meantime keeps its claim
            deployments
                    .find(rollout.name())
                    .filter(r -> !r.phase().isFinal())
                    .ifPresent(r -> claims.claim(r.model(), r.holder()));
        }
        Instant now = clock.instant();
        if (rollout.phase() != RolloutPhase.SUCCEEDED
                || rollout.baseline() == null
                || rollout.baselineRemoved()
                || rollout.removeBaselineAt() == null
                || now.isBefore(rollout.removeBaselineAt())) {
            return false;
        }
        executor.remove(rollout.spec(), rollout.baseline(), rollout.holder());
        return record(rollout, RolloutPhase.SUCCEEDED, r -> {
            Rollout.Change change = r.change();
            change.baselineRemoved = true;
            return change.event(RolloutEvent.of(
                    now, "BaselineRemoved", "version " + r.baseline() + " removed (" + executor.name() + " executor)"));
        });
    }

    private Rollout.Change rollBack(Rollout r, Instant now, RolloutEvent event) {
        Rollout.Change change = r.change();
        change.phase = RolloutPhase.ROLLING_BACK;
        change.rollbackTo = RolloutPhase.ROLLED_BACK;
        change.rollbackDecidedAt = now;
        change.condition(RolloutCondition.HEALTHY, false, event.type(), event.message(), now);
        change.condition(RolloutCondition.PROGRESSING, true, "RollbackStarted", event.message(), now);
        return change.event(event);
    }

    /**
     * Writes the rollout's split with {@code weight} on the candidate and, when {@code shadowPercent} is above 0, the
     * rule's shadow of the candidate (a shadow of the candidate left from the shadow step is cleared otherwise);
     * returns the split.
     */
    private Map<String, Integer> writeSplit(Rollout rollout, int weight, double shadowPercent) {
        String model = rollout.model();
        ModelRouteRule after = rules.edit(model, RouteRulePrecondition.ANY, current -> {
                    ModelRouteRule rule =
                            current == null ? null : current.rule().orElseThrow(() -> invalid(model, current));
                    ModelRouteRule next = RolloutWeights.withShadow(
                            RolloutWeights.withSplit(model, rule, rollout.candidate(), rollout.baseline(), weight),
                            rollout.candidate(),
                            shadowPercent);
                    return Optional.of(next);
                })
                .after()
                .rule()
                .orElseThrow();
        return RolloutWeights.weightsOf(after);
    }

    private static IllegalStateException invalid(String model, StoredRouteRule current) {
        return new IllegalStateException("the route rule of model '" + model + "' is not valid any more ("
                + current.parsed().problems() + "); fix it with PUT /api/v1/ai/models/" + model + "/route-rule");
    }

    private AnalysisResult analyse(Rollout rollout, Strategy strategy, Instant now) {
        List<MetricCheck> checks =
                strategy.gates().stream().map(DeploymentValidator::toCheck).toList();
        String baseline = Objects.requireNonNull(rollout.baseline(), "a rollout with gates has a baseline");
        AnalysisRequest request = new AnalysisRequest(
                rollout.model(), baseline, rollout.candidate(), strategy.analysisWindow(), checks, now);
        if (analysis == null) {
            return unjudged(
                    request,
                    now,
                    "none",
                    "no analysis backend is configured (dubbo.ai.monitoring); gates cannot be judged");
        }
        return analysis.compare(request);
    }

    /**
     * An {@link Verdict#INCONCLUSIVE} answer to {@code request} whose every metric is an {@link MetricStatus#ERROR}
     * saying {@code why}: what a gate gets when no analysis can be made.
     */
    public static AnalysisResult unjudged(AnalysisRequest request, Instant at, String backend, String why) {
        List<MetricResult> metrics = request.metrics().stream()
                .map(check -> MetricResult.failed(check, MetricStatus.ERROR, why, ""))
                .toList();
        return new AnalysisResult(
                request.model(),
                request.baseline(),
                request.candidate(),
                request.window(),
                at,
                backend,
                Verdict.INCONCLUSIVE,
                metrics);
    }

    /** "error_rate 0.31 vs 0.00 (FAIL: ...)" for every metric. */
    static String describe(AnalysisResult result) {
        return result.verdict() + " on " + result.backend() + ": "
                + result.metrics().stream()
                        .map(m -> m.metric() + " " + format(m.candidate()) + " vs " + format(m.baseline()) + " "
                                + m.status() + (m.message().isEmpty() ? "" : " (" + m.message() + ")"))
                        .collect(Collectors.joining(", "));
    }

    private static String format(@Nullable Double value) {
        return value == null ? "n/a" : String.format(java.util.Locale.ROOT, "%.4g", value);
    }

    /**
     * Applies {@code change} to the document if it is still in {@code phase}; a change function returning null (or a
     * document that left the phase) writes nothing.
     *
     * @return whether something was written
     */
    private boolean record(
            Rollout read, RolloutPhase phase, java.util.function.Function<Rollout, Rollout.@Nullable Change> change) {
        boolean[] wrote = {false};
        rollouts.update(DeploymentService.KEY_PREFIX + read.name(), current -> {
            wrote[0] = false;
            if (current.phase() != phase) {
                return current;
            }
            Rollout.Change next = change.apply(current);
            if (next == null) {
                return current;
            }
            Rollout built = next.build();
            if (built.equals(current)) {
                return current;
            }
            wrote[0] = true;
            return built;
        });
        return wrote[0];
    }
}
