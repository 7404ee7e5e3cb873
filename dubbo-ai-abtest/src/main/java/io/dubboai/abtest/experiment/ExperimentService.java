package io.dubboai.abtest.experiment;

import io.dubboai.controlplane.claim.ModelClaimedException;
import io.dubboai.controlplane.claim.ModelClaims;
import io.dubboai.controlplane.rule.RouteRuleEditor;
import io.dubboai.controlplane.rule.RouteRulePrecondition;
import io.dubboai.controlplane.store.DocumentStore;
import io.dubboai.controlplane.store.JsonDocuments;
import io.dubboai.core.model.ModelNames;
import io.dubboai.core.rule.ModelRouteRule;
import io.dubboai.core.rule.RouteRules;
import io.dubboai.core.rule.TrafficSplit;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Experiments kept in the control plane's {@link DocumentStore} (one document per experiment, {@code
 * experiment.<id>}), started and stopped by writing the model's route rule through the one rule writer ({@link
 * RouteRuleEditor}).
 *
 * <h2>Start</h2>
 * <ol>
 *   <li>Claim the model ({@link ModelClaims}, holder {@code experiment:<id>}) by compare-and-set; a model held by
 *       another experiment or a rollout is refused with its name (one running experiment per model).
 *   <li>Save the rule fields the experiment takes over (split and sticky key) in the experiment, status {@code
 *       STARTING}.
 *   <li>Write the split into the rule: one entry per variant with its allocation (aliases resolved to their
 *       versions), every other version of the rule kept with weight 0 (so aliases and fallback stay valid), and the
 *       unit attachment as sticky key, so assignment is deterministic and the same on every consumer. If the split or
 *       sticky key changed since step 2 (a rollout, an operator), the start is undone and refused: start again.
 *   <li>Status {@code RUNNING}.
 * </ol>
 * A start interrupted after step 2 leaves {@code STARTING}; starting again resumes it with the saved fields.
 *
 * <h2>Stop</h2>
 * Restores the saved split and sticky key, keeps the rule's current aliases (a version an alias now points at that
 * the saved split lacks is added with weight 0), marks the experiment {@code STOPPED} and releases the model.
 *
 * <p>Rollouts of the deployment module claim the same model document, so a rollout and an experiment of one model
 * exclude each other. Threading: every method may be called from any thread.
 */
public final class ExperimentService {

    /** Prefix of experiment documents. */
    public static final String KEY_PREFIX = "experiment.";

    /** The document listing every experiment's id. */
    public static final String INDEX_KEY = "experiments.index";

    /** Prefix of this module's holders in {@link ModelClaims}. */
    public static final String HOLDER_PREFIX = "experiment:";

    private final JsonDocuments<Experiment> experiments;
    private final JsonDocuments<ExperimentIndex> index;
    private final ModelClaims claims;
    private final RouteRuleEditor rules;
    private final ExperimentValidator validator;
    private final Clock clock;
    private final VersionCheck versions;

    /** Experiments whose variant versions are not checked ({@link VersionCheck#ANY}). */
    public ExperimentService(DocumentStore store, RouteRuleEditor rules, MetricCatalog metrics, Clock clock) {
        this(store, rules, metrics, clock, VersionCheck.ANY);
    }

    /** @param versions says whether a variant's version exists, checked when an experiment starts */
    public ExperimentService(
            DocumentStore store, RouteRuleEditor rules, MetricCatalog metrics, Clock clock, VersionCheck versions) {
        this.versions = versions;
        this.experiments = new JsonDocuments<>(store, Experiment.class);
        this.index = new JsonDocuments<>(store, ExperimentIndex.class);
        this.claims = new ModelClaims(store);
        this.rules = rules;
        this.validator = new ExperimentValidator(metrics);
        this.clock = clock;
    }

    /**
     * Stores a new experiment as a draft.
     *
     * @throws InvalidExperimentException listing every problem of {@code spec}
     * @throws ExperimentConflictException when an experiment of that id exists
     */
    public Experiment create(ExperimentSpec spec) {
        validator.require(spec);
        Experiment draft = new Experiment(
                spec, ExperimentStatus.DRAFT, validator.unitsPerVariant(spec), null, null, null, null, null);
        if (!experiments.create(KEY_PREFIX + spec.id(), draft)) {
            throw new ExperimentConflictException(
                    spec.id(), spec.model(), "experiment '" + spec.id() + "' exists already; choose another id");
        }
        index.create(INDEX_KEY, new ExperimentIndex(List.of()));
        index.update(INDEX_KEY, current -> {
            if (current.ids().contains(spec.id())) {
                return current;
            }
            List<String> ids = new ArrayList<>(current.ids());
            ids.add(spec.id());
            return new ExperimentIndex(ids);
        });
        return draft;
    }

    /** Every experiment, in creation order. */
    public List<Experiment> list() {
        List<Experiment> all = new ArrayList<>();
        for (String id : index.read(INDEX_KEY).map(ExperimentIndex::ids).orElse(List.of())) {
            find(id).ifPresent(all::add);
        }
        return all;
    }

    /**
     * Stores a final decision on a running experiment, unless it has one already (the first decision stands: a
     * replica that decided on older results loses).
     *
     * @return the experiment as stored, with the decision that stands
     */
    public Experiment decide(String id, DecisionRecord decision) {
        return experiments.update(KEY_PREFIX + id, e -> {
            if (e.decision() != null || e.status() != ExperimentStatus.RUNNING) {
                return e;
            }
            return e.withDecision(decision);
        });
    }

    /** Marks the experiment's decision as carried out. */
    public Experiment markApplied(String id) {
        return experiments.update(KEY_PREFIX + id, e -> {
            DecisionRecord decision = e.decision();
            return decision == null || decision.applied() ? e : e.withDecision(decision.asApplied());
        });
    }

    /** Marks the experiment's decision as audited at {@code at}. */
    public Experiment markAudited(String id, java.time.Instant at) {
        return experiments.update(KEY_PREFIX + id, e -> {
            DecisionRecord decision = e.decision();
            return decision == null || decision.auditedAt() != null ? e : e.withDecision(decision.auditedAt(at));
        });
    }

    /** The experiment {@code id}, if any. */
    public Optional<Experiment> find(String id) {
        return experiments.read(KEY_PREFIX + id);
    }

    /** The experiment holding {@code model}, if any. */
    public Optional<String> runningOn(String model) {
        return claims.holder(model)
                .filter(holder -> holder.startsWith(HOLDER_PREFIX))
                .map(holder -> holder.substring(HOLDER_PREFIX.length()));
    }

    /** Starts the experiment (or resumes a start); see the class comment. */
    public Experiment start(String id) {
        Experiment experiment = require(id);
        String model = experiment.spec().model();
        if (experiment.status() == ExperimentStatus.RUNNING) {
            return experiment;
        }
        if (experiment.status() == ExperimentStatus.STOPPED) {
            throw new ExperimentConflictException(
                    id, model, "experiment '" + id + "' has stopped and cannot start again; create a new experiment");
        }
        checkVariants(experiment.spec());
        claim(id, model);
        try {
            Experiment starting = experiment.status() == ExperimentStatus.DRAFT ? saveRule(id, model) : experiment;
            RuleSnapshot saved = Objects.requireNonNull(starting.savedRule(), "saved rule of a starting experiment");
            ExperimentSpec spec = starting.spec();
            java.util.Map<String, String> versions = new java.util.LinkedHashMap<>();
            editRule(
                    model,
                    current -> {
                        versions.clear();
                        for (Variant variant : spec.variants()) {
                            versions.put(
                                    variant.name(),
                                    current.resolveAlias(variant.target()).orElse(variant.target()));
                        }
                        return withSplit(current, spec, saved);
                    },
                    "the split of experiment '" + id + "'");
            return transition(id, ExperimentStatus.STARTING, e -> e.with(
                            ExperimentStatus.RUNNING, e.savedRule(), clock.instant(), null)
                    .withVersions(versions));
        } catch (RuntimeException e) {
            rollBackStart(id, model);
            throw e;
        }
    }

    /** Stops a running (or starting) experiment, restoring the rule; see the class comment. */
    public Experiment stop(String id) {
        Experiment experiment = require(id);
        String model = experiment.spec().model();
        if (experiment.status() == ExperimentStatus.STOPPED) {
            return experiment;
        }
        if (experiment.status() == ExperimentStatus.DRAFT) {
            throw new ExperimentConflictException(
                    id, model, "experiment '" + id + "' has not started; nothing to stop");
        }
        RuleSnapshot saved = Objects.requireNonNull(experiment.savedRule(), "saved rule of a started experiment");
        editRule(model, current -> restored(current, saved), "the restored split after experiment '" + id + "'");
        Experiment stopped = transition(
                id,
                experiment.status(),
                e -> e.with(ExperimentStatus.STOPPED, e.savedRule(), e.startedAt(), clock.instant()));
        release(id, model);
        return stopped;
    }

    /** The rule with the experiment's split: refuses if the fields it takes over changed since they were saved. */
    static ModelRouteRule withSplit(ModelRouteRule current, ExperimentSpec spec, RuleSnapshot saved) {
        List<TrafficSplit> split = new ArrayList<>();
        Set<String> versions = new LinkedHashSet<>();
        for (int i = 0; i < spec.variants().size(); i++) {
            Variant variant = spec.variants().get(i);
            String version = current.resolveAlias(variant.target()).orElse(variant.target());
            if (ModelNames.checkVersion(version).isPresent()) {
                throw new InvalidExperimentException(
                        spec.id(),
                        List.of(new ExperimentProblem(
                                "variants[" + i + "].target",
                                "'" + variant.target() + "' is neither an alias of model '" + spec.model()
                                        + "' (its aliases: " + current.aliases().keySet() + ") nor a version; name"
                                        + " a version or set the alias first")));
            }
            if (!versions.add(version)) {
                throw new ExperimentConflictException(
                        spec.id(),
                        spec.model(),
                        "variants of experiment '" + spec.id() + "' resolve to the same version " + version
                                + " in the route rule; each needs its own");
            }
            split.add(new TrafficSplit(version, variant.allocation()));
        }
        for (TrafficSplit other : current.traffic()) {
            if (versions.add(other.version())) {
                split.add(new TrafficSplit(other.version(), 0));
            }
        }
        ModelRouteRule wanted = current.toBuilder()
                .traffic(split)
                .stickyKey(spec.unitAttachment())
                .build();
        if (wanted.equals(current)) {
            return current;
        }
        if (!current.traffic().equals(saved.traffic()) || !current.stickyKey().equals(saved.stickyKey())) {
            throw new ExperimentConflictException(
                    spec.id(),
                    spec.model(),
                    "the route rule of model '" + spec.model()
                            + "' changed its split or sticky key while experiment '" + spec.id() + "' was starting (a"
                            + " rollout or an operator); start it again");
        }
        return wanted;
    }

    /** The rule with the saved split and sticky key back, and every current alias still valid. */
    static ModelRouteRule restored(ModelRouteRule current, RuleSnapshot saved) {
        List<TrafficSplit> traffic = new ArrayList<>(saved.traffic());
        if (!traffic.isEmpty()) {
            Set<String> listed = new LinkedHashSet<>();
            traffic.forEach(split -> listed.add(split.version()));
            List<String> referenced = new ArrayList<>(current.aliases().values());
            if (current.fallback().version() != null) {
                referenced.add(current.fallback().version());
            }
            for (String version : referenced) {
                if (listed.add(version)) {
                    traffic.add(new TrafficSplit(version, 0));
                }
            }
        }
        return current.toBuilder().traffic(traffic).stickyKey(saved.stickyKey()).build();
    }

    /** Refuses a start whose variants name versions that do not exist (aliases resolved by the current rule). */
    private void checkVariants(ExperimentSpec spec) {
        ModelRouteRule current = rules.read(spec.model())
                .flatMap(io.dubboai.controlplane.rule.StoredRouteRule::rule)
                .orElse(ModelRouteRule.builder(spec.model()).build());
        List<ExperimentProblem> problems = new ArrayList<>();
        for (int i = 0; i < spec.variants().size(); i++) {
            Variant variant = spec.variants().get(i);
            String version = current.resolveAlias(variant.target()).orElse(variant.target());
            String path = "variants[" + i + "].target";
            versions.problem(spec.model(), version)
                    .ifPresent(problem -> problems.add(new ExperimentProblem(
                            path,
                            "'" + variant.target() + "' is not an alias of model '" + spec.model() + "' (its aliases: "
                                    + current.aliases().keySet() + ") and not a version it has: " + problem)));
        }
        if (!problems.isEmpty()) {
            throw new InvalidExperimentException(spec.id(), problems);
        }
    }

    /** Saves the fields the experiment takes over, as they are now, and marks it STARTING. */
    private Experiment saveRule(String id, String model) {
        ModelRouteRule before = rules.read(model)
                .map(stored -> validRule(stored, "the experiment's split"))
                .orElse(ModelRouteRule.builder(model).build());
        RuleSnapshot saved = new RuleSnapshot(before.traffic(), before.stickyKey());
        return transition(id, ExperimentStatus.DRAFT, e -> e.with(ExperimentStatus.STARTING, saved, null, null));
    }

    /**
     * Brings the rule of {@code model} to what {@code change} makes of it through the control plane's one route-rule
     * editor (compare-and-set, retried); {@code change} gets an empty rule when there is none.
     */
    private void editRule(String model, UnaryOperator<ModelRouteRule> change, String what) {
        rules.edit(model, RouteRulePrecondition.ANY, stored -> {
            ModelRouteRule current =
                    stored == null ? ModelRouteRule.builder(model).build() : validRule(stored, what);
            ModelRouteRule next = change.apply(current);
            return next.equals(current) ? java.util.Optional.empty() : java.util.Optional.of(next);
        });
    }

    private static ModelRouteRule validRule(io.dubboai.controlplane.rule.StoredRouteRule stored, String what) {
        return stored.rule()
                .orElseThrow(() -> new io.dubboai.registry.RegistryException(
                        io.dubboai.registry.RegistryException.Reason.CONFLICT,
                        stored.model(),
                        null,
                        "route rule " + RouteRules.ruleKey(stored.model())
                                + " in group " + RouteRules.GROUP + " is not valid, so " + what
                                + " cannot be written to it; fix the rule first: "
                                + stored.parsed().problems()));
    }

    private Experiment require(String id) {
        return find(id).orElseThrow(() -> new NoSuchElementException("no experiment '" + id + "'"));
    }

    private Experiment transition(String id, ExperimentStatus from, UnaryOperator<Experiment> change) {
        return experiments.update(KEY_PREFIX + id, e -> {
            if (e.status() != from) {
                throw new ExperimentConflictException(
                        id,
                        e.spec().model(),
                        "experiment '" + id + "' is " + e.status() + ", not " + from
                                + ": another replica acted on it; read it again");
            }
            return change.apply(e);
        });
    }

    private void claim(String id, String model) {
        try {
            claims.claim(model, HOLDER_PREFIX + id);
        } catch (ModelClaimedException e) {
            throw new ExperimentConflictException(id, model, e.getMessage());
        }
    }

    private void release(String id, String model) {
        claims.release(model, HOLDER_PREFIX + id);
    }

    private void rollBackStart(String id, String model) {
        Optional<Experiment> current = find(id);
        if (current.isPresent() && current.get().status() == ExperimentStatus.STARTING) {
            // the split was not written (or not confirmed): forget the saved fields, release the model
            experiments.update(
                    KEY_PREFIX + id,
                    e -> e.status() == ExperimentStatus.STARTING
                            ? e.with(ExperimentStatus.DRAFT, null, null, null)
                            : e);
        }
        if (current.isEmpty() || current.get().status() != ExperimentStatus.RUNNING) {
            release(id, model);
        }
    }
}
