package io.dubboai.abtest.decision;

import io.dubboai.abtest.analysis.ExperimentResults;
import io.dubboai.abtest.experiment.DecisionKind;
import io.dubboai.abtest.experiment.DecisionPolicy;
import io.dubboai.abtest.experiment.DecisionRecord;
import io.dubboai.abtest.experiment.Experiment;
import io.dubboai.abtest.experiment.ExperimentService;
import io.dubboai.abtest.experiment.ExperimentStatus;
import io.dubboai.controlplane.component.Component;
import java.time.Clock;
import java.time.Duration;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The experiment engine: on the elected leader only, reads every running experiment at a fixed interval, appends the
 * reading to its history and, when the results call for a final decision, records it in the experiment by
 * compare-and-set (the first decision stands), writes its audit entry with the numbers behind it, and carries it out
 * when the experiment's {@link DecisionPolicy#automatic()} says so: a promotion moves the policy's alias to the
 * winner's version ({@link AliasMover}, through the registry so the route rule follows), then every final decision
 * stops the experiment, which restores the split it took over and releases the model.
 *
 * <p>Every step is recorded in the experiment before the next, so a new leader resumes where the old one stopped:
 * an unaudited decision is audited (at least once), an automatic decision not yet applied is applied (moving an
 * alias to where it points is a no-op), an applied one still running is stopped.
 *
 * <p>Threading: one thread of its own; {@link #runOnce()} may also be called directly (tests, the REST API's
 * "evaluate now").
 */
public final class ExperimentComponent implements Component {

    /** The component's name. */
    public static final String NAME = "experiments";

    /** The actor of automatic changes in audit entries and the registry. */
    public static final String ACTOR = "experiment-component";

    private static final Logger log = LoggerFactory.getLogger(ExperimentComponent.class);

    private final ExperimentService experiments;
    private final ExperimentData data;
    private final ResultHistory history;
    private final AliasMover aliases;
    private final DecisionAudit audit;
    private final Duration interval;
    private final Clock clock;
    private @Nullable ScheduledExecutorService executor;

    /**
     * @param interval time between two readings of every running experiment, positive
     */
    public ExperimentComponent(
            ExperimentService experiments,
            ExperimentData data,
            ResultHistory history,
            AliasMover aliases,
            DecisionAudit audit,
            Duration interval,
            Clock clock) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException(
                    "the experiment evaluation interval must be positive, but was " + interval + "; e.g. 30s");
        }
        this.experiments = experiments;
        this.data = data;
        this.history = history;
        this.aliases = aliases;
        this.audit = audit;
        this.interval = interval;
        this.clock = clock;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean needsLeadership() {
        return true;
    }

    @Override
    public synchronized void start() {
        if (executor != null) {
            return;
        }
        ScheduledExecutorService started = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "dubbo-ai-experiments");
            thread.setDaemon(true);
            return thread;
        });
        started.scheduleWithFixedDelay(this::runSafely, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        executor = started;
        log.info("Experiment engine started: reading running experiments every {}", interval);
    }

    @Override
    public synchronized void stop() {
        if (executor != null) {
            executor.shutdownNow();
            executor = null;
            log.info("Experiment engine stopped");
        }
    }

    private void runSafely() {
        try {
            runOnce();
        } catch (RuntimeException e) {
            log.warn("Reading the experiments failed; trying again in {}: {}", interval, e.toString(), e);
        }
    }

    /** Reads every running experiment once, deciding and acting where due. */
    public void runOnce() {
        for (Experiment experiment : experiments.list()) {
            if (experiment.status() != ExperimentStatus.RUNNING) {
                continue;
            }
            try {
                evaluate(experiment);
            } catch (RuntimeException e) {
                log.warn(
                        "Experiment '{}' (model '{}') could not be evaluated; it keeps running: {}",
                        experiment.spec().id(),
                        experiment.spec().model(),
                        e.toString(),
                        e);
            }
        }
    }

    /** Reads one running experiment, decides and acts; returns its results. */
    public ExperimentResults evaluate(Experiment experiment) {
        String id = experiment.spec().id();
        ExperimentResults results = data.results(experiment);
        history.append(id, ResultPoint.of(results));
        Experiment current = experiment;
        if (current.decision() == null && results.decision().isFinal()) {
            String winnerVersion = results.winner() == null || current.versions() == null
                    ? null
                    : current.versions().get(results.winner());
            current = experiments.decide(
                    id,
                    new DecisionRecord(
                            results.decision(),
                            results.winner(),
                            winnerVersion,
                            results.reason(),
                            results.evidence(),
                            clock.instant(),
                            false,
                            null));
            log.info("Experiment '{}' decided: {} — {}", id, results.decision(), results.reason());
        }
        carryOut(current);
        return results;
    }

    /** Audits and, when automatic, applies the experiment's decision (whatever is left of both). */
    void carryOut(Experiment experiment) {
        DecisionRecord decision = experiment.decision();
        if (decision == null) {
            return;
        }
        String id = experiment.spec().id();
        if (decision.auditedAt() == null) {
            audit.record(experiment, decision);
            experiment = experiments.markAudited(id, clock.instant());
        }
        if (experiment.spec().decisionPolicy().automatic()) {
            apply(experiment, ACTOR);
        }
    }

    /**
     * Carries out the stored decision of experiment {@code id} (an operator applying a recommendation).
     *
     * @throws NoSuchElementException when there is no such experiment
     * @throws IllegalStateException when it has no decision yet
     */
    public Experiment apply(String id, String actor) {
        Experiment experiment =
                experiments.find(id).orElseThrow(() -> new NoSuchElementException("no experiment '" + id + "'"));
        if (experiment.decision() == null) {
            throw new IllegalStateException("experiment '" + id + "' has no decision yet; its results call for "
                    + "keeping it running (see GET /api/v1/ai/experiments/" + id + "), or stop it by hand");
        }
        return apply(experiment, actor);
    }

    private Experiment apply(Experiment experiment, String actor) {
        DecisionRecord decision = Objects.requireNonNull(experiment.decision());
        String id = experiment.spec().id();
        Experiment current = experiment;
        if (!decision.applied()) {
            String alias = experiment.spec().decisionPolicy().promoteAlias();
            if (decision.kind() == DecisionKind.PROMOTE && alias != null && decision.winnerVersion() != null) {
                aliases.move(experiment.spec().model(), alias, decision.winnerVersion(), actor);
                log.info(
                        "Experiment '{}': alias '{}' of model '{}' moved to version {} (variant '{}')",
                        id,
                        alias,
                        experiment.spec().model(),
                        decision.winnerVersion(),
                        decision.winner());
            }
            current = experiments.markApplied(id);
        }
        if (current.status() == ExperimentStatus.RUNNING || current.status() == ExperimentStatus.STARTING) {
            current = experiments.stop(id);
            log.info("Experiment '{}' stopped after its decision {}", id, decision.kind());
        }
        return current;
    }
}
