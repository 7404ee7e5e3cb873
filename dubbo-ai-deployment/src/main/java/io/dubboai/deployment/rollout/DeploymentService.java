package io.dubboai.deployment.rollout;

import io.dubboai.controlplane.claim.ModelClaimedException;
import io.dubboai.controlplane.claim.ModelClaims;
import io.dubboai.controlplane.rule.RouteRuleEditor;
import io.dubboai.controlplane.rule.StoredRouteRule;
import io.dubboai.controlplane.store.DocumentStore;
import io.dubboai.controlplane.store.JsonDocuments;
import io.dubboai.core.model.ModelNames;
import io.dubboai.core.rule.InvalidRouteRuleException;
import io.dubboai.core.rule.ModelRouteRule;
import io.dubboai.core.rule.RouteRuleCodec;
import io.dubboai.core.rule.RuleParseResult;
import io.dubboai.core.rule.RuleProblem;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deployments as documents ({@code deployment.<name>}) and the operator's actions on them. This class only records
 * what is wanted; the {@link RolloutReconciler} (run by the leader's {@link ModelDeploymentComponent}) does it.
 *
 * <h2>Create</h2>
 * Checks, in order and before anything is written: the spec's fields; the model and version (or alias) in the
 * registry; that the executor can place the resources (a GPU nobody has); the model's route rule (valid, one version
 * at 100 % or none, and the first step's split accepted by the codec); the name is free. Then it claims the model
 * ({@link ModelClaims}, holder {@code rollout:<name>}: a second rollout of the model, or an experiment on it, is
 * refused with the holder's name), stores the deployment and adds it to the index. A claim made for a deployment that
 * could not be stored is released, so nothing is half applied.
 *
 * <h2>Actions</h2>
 * {@code promote} jumps to the last step (100 %), {@code pause}/{@code resume} hold and release the steps,
 * {@code abort} goes back to the baseline and ends {@code ABORTED}, {@code rollback} goes back to the baseline from a
 * running or a succeeded rollout (claiming the model again) and ends {@code ROLLED_BACK}. Each is one compare-and-set
 * on the document with an event; the reconciler acts on it.
 *
 * <p>Threading: any thread; concurrent actions are settled by compare-and-set.
 */
public final class DeploymentService {

    /** Prefix of deployment documents. */
    public static final String KEY_PREFIX = "deployment.";

    /** The index document. */
    public static final String INDEX_KEY = "deployment-index";

    /** Prefix of this module's holders in {@link ModelClaims}. */
    public static final String HOLDER_PREFIX = "rollout:";

    private static final Logger log = LoggerFactory.getLogger(DeploymentService.class);

    private final JsonDocuments<Rollout> rollouts;
    private final JsonDocuments<DeploymentIndex> index;
    private final ModelClaims claims;
    private final RouteRuleEditor rules;
    private final ModelCatalog catalog;
    private final VersionExecutor executor;
    private final Clock clock;

    public DeploymentService(
            DocumentStore store, RouteRuleEditor rules, ModelCatalog catalog, VersionExecutor executor, Clock clock) {
        this.rollouts = new JsonDocuments<>(store, Rollout.class);
        this.index = new JsonDocuments<>(store, DeploymentIndex.class);
        this.claims = new ModelClaims(store);
        this.rules = rules;
        this.catalog = catalog;
        this.executor = executor;
        this.clock = clock;
    }

    /**
     * Validates and stores a deployment (see the class comment).
     *
     * @throws InvalidDeploymentException listing every problem of the request
     * @throws DeploymentConflictException when the name is taken or the model is held by a rollout or an experiment
     */
    public Rollout create(DeploymentSpec request, String actor) {
        Prepared prepared = prepare(request);
        String name = prepared.spec().name();
        if (rollouts.read(KEY_PREFIX + name).isPresent()) {
            throw new DeploymentConflictException(
                    name, null, "deployment '" + name + "' exists already; choose another name or read it");
        }
        String holder = HOLDER_PREFIX + name;
        claim(name, prepared.spec().model(), holder);
        Rollout rollout = prepared.rollout(actor, clock.instant(), List.of());
        if (!rollouts.create(KEY_PREFIX + name, rollout)) {
            claims.release(prepared.spec().model(), holder);
            throw new DeploymentConflictException(
                    name, null, "deployment '" + name + "' was created by someone else just now; read it");
        }
        index.create(INDEX_KEY, new DeploymentIndex(List.of()));
        index.update(INDEX_KEY, current -> {
            if (current.names().contains(name)) {
                return current;
            }
            List<String> names = new ArrayList<>(current.names());
            names.add(name);
            return new DeploymentIndex(names);
        });
        log.info(
                "Deployment {} created by {}: model {} version {} over {} ({})",
                name,
                actor,
                prepared.spec().model(),
                rollout.candidate(),
                rollout.baseline(),
                prepared.spec().strategyOrDefault().type());
        return rollout;
    }

    /**
     * Starts a new rollout under the name of a finished one (a changed {@code ModelDeployment} resource): the same
     * checks as {@link #create}, then one compare-and-set from the finished document to the new one, whose events
     * begin with the old rollout's last. A blue-green baseline still kept counts as running.
     *
     * @throws InvalidDeploymentException listing every problem of the request
     * @throws DeploymentConflictException when the deployment is still running or the model is held by another
     */
    public Rollout replace(DeploymentSpec request, String actor) {
        Optional<Rollout> sameVersion = sameVersion(request);
        if (sameVersion.isPresent()) {
            return updateInPlace(sameVersion.get(), request.withDefaults(), actor);
        }
        Prepared prepared = prepare(request);
        String name = prepared.spec().name();
        Rollout old = get(name);
        refuseWhileRunning(old);
        String holder = HOLDER_PREFIX + name;
        claim(name, prepared.spec().model(), holder);
        Instant now = clock.instant();
        try {
            Rollout replaced = rollouts.update(KEY_PREFIX + name, current -> {
                refuseWhileRunning(current);
                RolloutEvent last = current.events().isEmpty()
                        ? null
                        : current.events().get(current.events().size() - 1);
                List<RolloutEvent> history = new ArrayList<>();
                history.add(RolloutEvent.of(
                        now,
                        "Replaced",
                        "the previous rollout (version " + current.candidate() + ", " + current.phase() + ") ended"
                                + (last == null ? "" : ": " + last.message())));
                return prepared.rollout(actor, now, history);
            });
            log.info("Deployment {} replaced by {}: version {}", name, actor, replaced.candidate());
        } catch (RuntimeException e) {
            claims.release(prepared.spec().model(), holder);
            throw e;
        }
        try {
            // a reconciler that read the old, finished document releases the claim of this same holder; claim again
            claim(name, prepared.spec().model(), holder);
        } catch (DeploymentConflictException e) {
            abort(name, "dubbo-ai (the model was claimed by " + e.holder() + " while the rollout was replaced)");
            throw e;
        }
        return get(name);
    }

    /**
     * The succeeded rollout named by {@code request} when the request asks for its candidate again (a change of
     * replicas, resources or placement, not of the version); empty otherwise, and when the request is not valid (the
     * full checks then say why).
     */
    private Optional<Rollout> sameVersion(DeploymentSpec request) {
        if (!DeploymentValidator.check(request).isEmpty()) {
            return Optional.empty();
        }
        Optional<Rollout> old = find(request.name()).filter(r -> r.phase() == RolloutPhase.SUCCEEDED);
        if (old.isEmpty() || !old.get().model().equals(request.model())) {
            return Optional.empty();
        }
        try {
            String candidate = catalog.resolve(request.model(), request.version());
            return candidate.equals(old.get().candidate()) ? old : Optional.empty();
        } catch (ModelCatalog.UnknownModelException e) {
            return Optional.empty();
        }
    }

    /**
     * Applies a changed spec of the version a succeeded rollout put at 100 % without moving traffic: the placement is
     * checked, the executor brings the version to the new spec (replicas, resources, placement; idempotent) and the
     * document records the spec with an {@code Updated} event.
     */
    private Rollout updateInPlace(Rollout old, DeploymentSpec spec, String actor) {
        executor.checkPlacement(spec).ifPresent(problem -> {
            throw new InvalidDeploymentException(List.of(new DeploymentProblem("resources", problem)));
        });
        VersionExecutor.Readiness readiness = executor.ensure(spec, old.candidate(), old.holder());
        Instant now = clock.instant();
        Rollout updated = rollouts.update(KEY_PREFIX + old.name(), current -> {
            if (current.phase() != RolloutPhase.SUCCEEDED
                    || !current.candidate().equals(old.candidate())) {
                throw new DeploymentConflictException(
                        old.name(), null, "deployment '" + old.name() + "' changed meanwhile; apply the spec again");
            }
            Rollout.Change change = current.change();
            change.spec = spec;
            return change.event(RolloutEvent.of(
                            now,
                            "Updated",
                            actor + " changed the spec of version " + current.candidate() + " (no traffic change): "
                                    + readiness.detail()))
                    .build();
        });
        log.info("Deployment {}: spec of version {} updated in place by {}", old.name(), old.candidate(), actor);
        return updated;
    }

    private static void refuseWhileRunning(Rollout rollout) {
        boolean keepingBaseline = rollout.phase() == RolloutPhase.SUCCEEDED
                && rollout.baseline() != null
                && !rollout.baselineRemoved()
                && rollout.removeBaselineAt() != null;
        if (!rollout.phase().isFinal() || keepingBaseline) {
            throw new DeploymentConflictException(
                    rollout.name(),
                    null,
                    "deployment '" + rollout.name() + "' is " + rollout.phase()
                            + (keepingBaseline
                                    ? " and keeps version " + rollout.baseline() + " until "
                                            + rollout.removeBaselineAt()
                                    : " (" + rollout.stepLabel() + ")")
                            + "; a running rollout is not changed: wait for it to finish, or abort it, then change"
                            + " the spec again");
        }
    }

    /**
     * Deletes a finished deployment's document and its index entry.
     *
     * @throws DeploymentConflictException when it is still running (abort it first)
     */
    public void delete(String name, String actor) {
        Rollout rollout = get(name);
        if (!rollout.phase().isFinal()) {
            throw new DeploymentConflictException(
                    name,
                    null,
                    "deployment '" + name + "' is " + rollout.phase() + "; abort it and wait for "
                            + RolloutPhase.ABORTED + " before deleting it");
        }
        index.update(INDEX_KEY, current -> {
            List<String> names = new ArrayList<>(current.names());
            names.remove(name);
            return new DeploymentIndex(names);
        });
        rollouts.delete(KEY_PREFIX + name);
        log.info("Deployment {} ({}) deleted by {}", name, rollout.phase(), actor);
    }

    /** Every check of {@link #create} that writes nothing; returns the spec with defaults and the versions. */
    private Prepared prepare(DeploymentSpec request) {
        List<DeploymentProblem> problems = new ArrayList<>(DeploymentValidator.check(request));
        if (!problems.isEmpty()) {
            throw new InvalidDeploymentException(problems);
        }
        DeploymentSpec spec = request.withDefaults();
        String model = spec.model();
        String candidate;
        try {
            candidate = ModelNames.requireVersion(catalog.resolve(model, spec.version()));
        } catch (ModelCatalog.UnknownModelException e) {
            throw new InvalidDeploymentException(List.of(new DeploymentProblem(e.field(), e.getMessage())));
        }
        executor.checkPlacement(spec).ifPresent(problem -> problems.add(new DeploymentProblem("resources", problem)));
        String baseline = null;
        try {
            baseline = checkRule(model, candidate, spec, problems);
        } catch (IllegalStateException e) {
            problems.add(new DeploymentProblem("model", e.getMessage()));
        }
        if (!problems.isEmpty()) {
            throw new InvalidDeploymentException(problems);
        }
        return new Prepared(spec, candidate, baseline);
    }

    /** A checked request: the spec with defaults, the resolved candidate and the baseline (null: none). */
    private record Prepared(
            DeploymentSpec spec, String candidate, @Nullable String baseline) {

        Rollout rollout(String actor, Instant now, List<RolloutEvent> history) {
            List<RolloutEvent> events = new ArrayList<>(history);
            events.add(RolloutEvent.of(
                    now,
                    "Created",
                    actor + " asked for version " + candidate
                            + (candidate.equals(spec.version()) ? "" : " (alias " + spec.version() + ")")
                            + " of model " + spec.model() + " by "
                            + spec.strategyOrDefault().type()
                            + (baseline == null
                                    ? " (the model's first version: no baseline)"
                                    : " replacing version " + baseline)));
            return new Rollout(
                    spec,
                    candidate,
                    baseline,
                    RolloutPhase.PENDING,
                    false,
                    0,
                    null,
                    null,
                    0,
                    null,
                    null,
                    Map.of(),
                    List.of(new RolloutCondition(
                            RolloutCondition.PROGRESSING, true, "Created", "waiting for version " + candidate, now)),
                    events,
                    actor,
                    now,
                    null,
                    null,
                    false,
                    false);
        }
    }

    /**
     * The problems of {@code spec}'s own fields (name, replicas, resources, strategy, ...), without the checks that need
     * the registry, the route rule, the executor or the claims: for a deployment template checked before its version
     * exists.
     */
    public static List<DeploymentProblem> checkFields(DeploymentSpec spec) {
        return DeploymentValidator.check(spec);
    }

    /** Every deployment, in creation order. */
    public List<Rollout> list() {
        List<Rollout> all = new ArrayList<>();
        for (String name : names()) {
            rollouts.read(KEY_PREFIX + name).ifPresent(all::add);
        }
        return all;
    }

    /** The names of every deployment. */
    public List<String> names() {
        return index.read(INDEX_KEY).map(DeploymentIndex::names).orElse(List.of());
    }

    /** The deployment {@code name}, if any. */
    public Optional<Rollout> find(String name) {
        return rollouts.read(KEY_PREFIX + name);
    }

    /** The deployment {@code name}. */
    public Rollout get(String name) {
        return find(name).orElseThrow(() -> new DeploymentNotFoundException(name));
    }

    /** Jumps to the last step (100 % on the candidate); the gates of the skipped steps are not run. */
    public Rollout promote(String name, String actor) {
        return act(
                name, "promote", r -> r.phase() == RolloutPhase.PENDING || r.phase() == RolloutPhase.PROGRESSING, r -> {
                    Rollout.Change change = r.change();
                    change.paused = false;
                    change.shadowing = false;
                    if (!r.atLastStep()) {
                        change.step = r.steps().size() - 1;
                        change.stepStartedAt = null;
                        change.lastCheckAt = null;
                        change.inconclusive = 0;
                    }
                    return change.event(RolloutEvent.of(
                            clock.instant(), "Promoted", actor + " promoted version " + r.candidate() + " to 100 %"));
                });
    }

    /** Holds the rollout at its step; gates are not checked while paused. */
    public Rollout pause(String name, String actor) {
        return act(
                name, "pause", r -> r.phase() == RolloutPhase.PENDING || r.phase() == RolloutPhase.PROGRESSING, r -> {
                    if (r.paused()) {
                        return null;
                    }
                    Rollout.Change change = r.change();
                    change.paused = true;
                    Instant now = clock.instant();
                    change.condition(RolloutCondition.PROGRESSING, false, "Paused", "paused by " + actor, now);
                    return change.event(RolloutEvent.of(now, "Paused", actor + " paused at " + r.stepLabel()));
                });
    }

    /** Releases a paused rollout; the current step's interval starts again. */
    public Rollout resume(String name, String actor) {
        return act(
                name, "resume", r -> r.phase() == RolloutPhase.PENDING || r.phase() == RolloutPhase.PROGRESSING, r -> {
                    if (!r.paused()) {
                        return null;
                    }
                    Rollout.Change change = r.change();
                    change.paused = false;
                    Instant now = clock.instant();
                    if (r.stepStartedAt() != null) {
                        change.stepStartedAt = now;
                        change.lastCheckAt = null;
                    }
                    change.condition(RolloutCondition.PROGRESSING, true, "Resumed", "resumed by " + actor, now);
                    return change.event(RolloutEvent.of(now, "Resumed", actor + " resumed at " + r.stepLabel()));
                });
    }

    /** Sends all traffic back to the baseline and ends {@code ABORTED}. */
    public Rollout abort(String name, String actor) {
        return act(
                name,
                "abort",
                r -> r.phase() == RolloutPhase.PENDING || r.phase() == RolloutPhase.PROGRESSING,
                r -> rollBack(r, RolloutPhase.ABORTED, "Aborted", actor + " aborted the rollout"));
    }

    /**
     * Sends all traffic back to the baseline, from a running rollout or a succeeded one (which claims the model
     * again), and ends {@code ROLLED_BACK}.
     */
    public Rollout rollback(String name, String actor) {
        Rollout rollout = get(name);
        if (rollout.baseline() == null) {
            throw new DeploymentConflictException(
                    name,
                    null,
                    "deployment '" + name + "' deployed the first version of model '" + rollout.model()
                            + "': there is no earlier version to roll back to; deploy another version instead");
        }
        if (rollout.phase() == RolloutPhase.SUCCEEDED) {
            claim(name, rollout.model(), rollout.holder());
        }
        try {
            return act(
                    name,
                    "roll back",
                    r -> r.phase() == RolloutPhase.PENDING
                            || r.phase() == RolloutPhase.PROGRESSING
                            || r.phase() == RolloutPhase.SUCCEEDED,
                    r -> rollBack(
                            r,
                            RolloutPhase.ROLLED_BACK,
                            "RollbackStarted",
                            actor + " rolled back to version " + r.baseline()));
        } catch (RuntimeException e) {
            if (rollout.phase() == RolloutPhase.SUCCEEDED && get(name).phase() == RolloutPhase.SUCCEEDED) {
                claims.release(rollout.model(), rollout.holder());
            }
            throw e;
        }
    }

    private Rollout.Change rollBack(Rollout r, RolloutPhase end, String type, String message) {
        Rollout.Change change = r.change();
        Instant now = clock.instant();
        change.phase = RolloutPhase.ROLLING_BACK;
        change.paused = false;
        change.rollbackTo = end;
        change.rollbackDecidedAt = now;
        change.finishedAt = null;
        change.removeBaselineAt = null;
        change.condition(RolloutCondition.PROGRESSING, true, type, message, now);
        return change.event(RolloutEvent.of(now, type, message));
    }

    private Rollout act(
            String name,
            String action,
            java.util.function.Predicate<Rollout> allowed,
            java.util.function.Function<Rollout, Rollout.@Nullable Change> change) {
        get(name);
        return rollouts.update(KEY_PREFIX + name, current -> {
            if (!allowed.test(current)) {
                throw new DeploymentConflictException(
                        name,
                        null,
                        "deployment '" + name + "' is " + current.phase() + (current.paused() ? " (paused)" : "")
                                + "; it cannot " + action + " now");
            }
            Rollout.Change next = change.apply(current);
            return next == null ? current : next.build();
        });
    }

    private void claim(String name, String model, String holder) {
        try {
            claims.claim(model, holder);
        } catch (ModelClaimedException e) {
            throw new DeploymentConflictException(
                    name,
                    e.holder(),
                    e.holder().startsWith(HOLDER_PREFIX)
                            ? "model '" + model + "' is already rolling out in deployment '"
                                    + e.holder().substring(HOLDER_PREFIX.length())
                                    + "'; wait for it to finish, or abort it, before starting another"
                            : "model '" + model + "' is under " + e.holder().replace(':', ' ')
                                    + "; stop the experiment before rolling the model out");
        }
    }

    /** Checks the stored rule and the first step's split; returns the baseline version (null: none). */
    private @Nullable String checkRule(
            String model, String candidate, DeploymentSpec spec, List<DeploymentProblem> problems) {
        Optional<StoredRouteRule> stored = rules.read(model);
        if (stored.isPresent() && !stored.get().isValid()) {
            problems.add(new DeploymentProblem(
                    "model",
                    "the stored route rule of model '" + model + "' is not valid ("
                            + stored.get().parsed().problems().stream()
                                    .map(RuleProblem::toString)
                                    .collect(Collectors.joining("; "))
                            + "); replace it with PUT /api/v1/ai/models/" + model + "/route-rule first"));
            return null;
        }
        ModelRouteRule current = stored.flatMap(StoredRouteRule::rule).orElse(null);
        String baseline = RolloutWeights.baselineOf(current).orElse(null);
        if (candidate.equals(baseline)) {
            problems.add(new DeploymentProblem(
                    "version",
                    "version " + candidate + " of model '" + model + "' already takes all traffic; nothing to roll"
                            + " out"));
            return baseline;
        }
        int first = baseline == null ? 100 : spec.strategyOrDefault().steps().get(0);
        try {
            ModelRouteRule next = RolloutWeights.withSplit(model, current, candidate, baseline, first);
            RuleParseResult check = RouteRuleCodec.parse(model, RouteRuleCodec.encode(next));
            check.problems().forEach(p -> problems.add(new DeploymentProblem("routeRule." + p.path(), p.message())));
        } catch (InvalidRouteRuleException e) {
            e.problems().forEach(p -> problems.add(new DeploymentProblem("routeRule." + p.path(), p.message())));
        }
        return baseline;
    }
}
