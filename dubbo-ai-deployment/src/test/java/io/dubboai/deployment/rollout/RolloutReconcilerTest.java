package io.dubboai.deployment.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dubboai.controlplane.claim.ModelClaims;
import io.dubboai.controlplane.rule.RouteRuleEditor;
import io.dubboai.controlplane.rule.RouteRulePrecondition;
import io.dubboai.controlplane.store.DocumentStore;
import io.dubboai.controlplane.store.FileDocumentStore;
import io.dubboai.controlplane.testing.ForwardingDocumentStore;
import io.dubboai.controlplane.testing.MutableClock;
import io.dubboai.core.rule.ModelRouteRule;
import io.dubboai.monitor.control.analysis.AnalysisRequest;
import io.dubboai.monitor.control.analysis.AnalysisResult;
import io.dubboai.monitor.control.analysis.Judge;
import io.dubboai.monitor.control.analysis.MetricResult;
import io.dubboai.monitor.control.analysis.VersionAnalysis;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rollout state machine on a file document store with a hand-moved clock: steps, gates, rollback, operator
 * actions, validation and resumption by a second reconciler. The analysis is a unit edge returning chosen error rates;
 * {@code UniversalRolloutEndToEndTest} runs the real one.
 */
class RolloutReconcilerTest {

    private static final String MODEL = "risk";

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock();
    private final RecordingExecutor executor = new RecordingExecutor();
    /** The candidate's error rate the analysis reports; the baseline's is 0.01. */
    private final AtomicReference<Double> candidateErrors = new AtomicReference<>(0.01);

    private final List<AnalysisRequest> analyses = new ArrayList<>();
    private DocumentStore store;
    private RouteRuleEditor rules;
    private DeploymentService service;

    @BeforeEach
    void setUp() {
        store = new FileDocumentStore(dir.resolve("store"));
        rules = new RouteRuleEditor(store);
        service = service(store);
        rules.edit(
                MODEL,
                RouteRulePrecondition.ABSENT,
                current -> Optional.of(ModelRouteRule.builder(MODEL)
                        .traffic("1", 100)
                        .alias("champion", "1")
                        .build()));
        executor.ready.add("1");
        executor.running.add("1");
    }

    private DeploymentService service(DocumentStore documents) {
        return new DeploymentService(documents, rules, this::resolve, executor, clock);
    }

    private String resolve(String model, String version) {
        if (!model.equals(MODEL)) {
            throw new ModelCatalog.UnknownModelException(
                    "model", "model '" + model + "' is not registered; register it first");
        }
        if (version.equals("champion")) {
            return "1";
        }
        if (!List.of("1", "2", "3").contains(version)) {
            throw new ModelCatalog.UnknownModelException(
                    "version", "model 'risk' has no version '" + version + "'; it has 1, 2, 3");
        }
        return version;
    }

    private RolloutReconciler reconciler(DocumentStore documents) {
        VersionAnalysis analysis = new VersionAnalysis() {
            @Override
            public AnalysisResult compare(AnalysisRequest request) {
                analyses.add(request);
                MetricResult errorRate =
                        Judge.judge(request.metrics().get(0), 0.01, candidateErrors.get(), "test error rates");
                List<MetricResult> metrics = List.of(errorRate);
                return new AnalysisResult(
                        request.model(),
                        request.baseline(),
                        request.candidate(),
                        request.window(),
                        clock.instant(),
                        "test",
                        AnalysisResult.verdictOf(metrics),
                        metrics);
            }

            @Override
            public String backend() {
                return "test";
            }
        };
        return new RolloutReconciler(service(documents), documents, rules, executor, analysis, clock);
    }

    private static DeploymentSpec canary(String name, String version, List<Integer> steps) {
        return new DeploymentSpec(
                name,
                MODEL,
                version,
                2,
                null,
                null,
                null,
                null,
                null,
                null,
                new Strategy(
                        "canary",
                        steps,
                        Duration.ofSeconds(30),
                        List.of(new Strategy.Gate("error_rate", 0.02, null, null, null)),
                        null,
                        Duration.ofSeconds(10),
                        1,
                        null));
    }

    private Map<String, Integer> split() {
        return RolloutWeights.weightsOf(rules.read(MODEL).orElseThrow().rule().orElseThrow());
    }

    /**
     * The store of a "leader" that dies at its first write of a deployment document matching {@code record}: the
     * write throws, as if the process were killed between an action and its record.
     */
    private DocumentStore dyingAtTheRecordOf(java.util.function.Predicate<String> record) {
        AtomicBoolean dead = new AtomicBoolean();
        return new ForwardingDocumentStore(store) {
            @Override
            public boolean replace(String key, String content, Object ticket) {
                if (key.startsWith(DeploymentService.KEY_PREFIX) && record.test(content) && !dead.getAndSet(true)) {
                    throw new IllegalStateException("leader process killed");
                }
                return super.replace(key, content, ticket);
            }
        };
    }

    private static List<String> types(Rollout rollout) {
        return rollout.events().stream().map(RolloutEvent::type).toList();
    }

    @Test
    void reconcile_healthyCanary_walksEveryStepAndRemovesTheBaseline() {
        service.create(canary("risk-v2", "2", List.of(5, 25, 50, 100)), "alice");
        RolloutReconciler reconciler = reconciler(store);

        // not ready: waits, nothing routed
        assertThat(reconciler.reconcile("risk-v2").orElseThrow().phase()).isEqualTo(RolloutPhase.PENDING);
        assertThat(split()).containsExactly(Map.entry("1", 100));
        executor.ready.add("2");
        Rollout rollout = reconciler.reconcile("risk-v2").orElseThrow();
        assertThat(rollout.phase()).isEqualTo(RolloutPhase.PROGRESSING);
        assertThat(split()).containsExactly(Map.entry("1", 95), Map.entry("2", 5));

        List<Map<String, Integer>> seen = new ArrayList<>();
        for (int second = 0; second < 200 && rollout.phase() == RolloutPhase.PROGRESSING; second += 5) {
            clock.advance(Duration.ofSeconds(5));
            rollout = reconciler.reconcile("risk-v2").orElseThrow();
            if (seen.isEmpty() || !seen.get(seen.size() - 1).equals(split())) {
                seen.add(split());
            }
        }

        assertThat(rollout.phase()).isEqualTo(RolloutPhase.SUCCEEDED);
        assertThat(seen)
                .containsExactly(
                        Map.of("1", 95, "2", 5),
                        Map.of("1", 75, "2", 25),
                        Map.of("1", 50, "2", 50),
                        Map.of("1", 0, "2", 100));
        // the alias' version stays in the split with 0, the alias is kept
        assertThat(rules.read(MODEL).orElseThrow().rule().orElseThrow().aliases())
                .containsEntry("champion", "1");
        assertThat(types(rollout))
                .containsExactly(
                        "Created",
                        "CandidateReady",
                        "StepStarted",
                        "GatePassed",
                        "StepStarted",
                        "GatePassed",
                        "StepStarted",
                        "GatePassed",
                        "StepStarted",
                        "Succeeded",
                        "BaselineRemoved");
        RolloutEvent passed = rollout.events().get(3);
        assertThat(passed.verdict()).isEqualTo("PASS");
        assertThat(passed.metrics()).singleElement().satisfies(m -> {
            assertThat(m.metric()).isEqualTo("error_rate");
            assertThat(m.baseline()).isEqualTo(0.01);
            assertThat(m.candidate()).isEqualTo(0.01);
        });
        // checked every 10 s during each 30 s step, over the default window (the step interval)
        assertThat(analyses).hasSizeGreaterThanOrEqualTo(9).allSatisfy(r -> {
            assertThat(r.window()).isEqualTo(Duration.ofSeconds(30));
            assertThat(r.baseline()).isEqualTo("1");
            assertThat(r.candidate()).isEqualTo("2");
        });
        assertThat(executor.calls).containsExactly("ensure 2", "remove 1");
        assertThat(new ModelClaims(store).holder(MODEL)).isEmpty();
    }

    @Test
    void reconcile_failedGate_rollsBackAtOnceWithTheNumbers() {
        service.create(canary("risk-v2", "2", List.of(5, 25, 50, 100)), "alice");
        executor.ready.add("2");
        RolloutReconciler reconciler = reconciler(store);
        reconciler.reconcile("risk-v2");
        clock.advance(Duration.ofSeconds(30));
        reconciler.reconcile("risk-v2"); // passes step 1, writes step 2
        assertThat(split()).containsEntry("2", 25);

        candidateErrors.set(0.4);
        clock.advance(Duration.ofSeconds(10)); // the next check, before the step is over
        Rollout rollout = reconciler.reconcile("risk-v2").orElseThrow();

        assertThat(rollout.phase()).isEqualTo(RolloutPhase.ROLLED_BACK);
        assertThat(split()).containsExactly(Map.entry("1", 100), Map.entry("2", 0));
        RolloutEvent failed = rollout.events().stream()
                .filter(e -> e.type().equals("GateFailed"))
                .findFirst()
                .orElseThrow();
        assertThat(failed.message())
                .contains("step 2 (25 %)", "error_rate 0.4000 vs 0.01000 FAIL", "rolling back to version 1");
        assertThat(failed.metrics().get(0).candidate()).isEqualTo(0.4);
        assertThat(rollout.events().get(rollout.events().size() - 1).message())
                .contains("version 2 at 0 %, version 1 at 100 %", "ms after the rollback was decided");
        assertThat(executor.calls).containsExactly("ensure 2", "remove 2");
        assertThat(rollout.conditions()).anySatisfy(c -> assertThat(c)
                .extracting(RolloutCondition::type, RolloutCondition::status)
                .containsExactly(RolloutCondition.HEALTHY, false));
        assertThat(new ModelClaims(store).holder(MODEL)).isEmpty();
    }

    @Test
    void reconcile_noDataAtStepEnd_waitsThenRollsBack() {
        service.create(canary("risk-v2", "2", List.of(50, 100)), "alice");
        executor.ready.add("2");
        candidateErrors.set(Double.NaN); // the candidate has no calls
        RolloutReconciler reconciler = reconciler(store);
        reconciler.reconcile("risk-v2");
        clock.advance(Duration.ofSeconds(30));
        assertThat(reconciler.reconcile("risk-v2").orElseThrow().phase()).isEqualTo(RolloutPhase.PROGRESSING);
        clock.advance(Duration.ofSeconds(10));
        Rollout rollout = reconciler.reconcile("risk-v2").orElseThrow();

        // maxInconclusive 1: the second inconclusive check at the step's end rolls back
        assertThat(rollout.phase()).isEqualTo(RolloutPhase.ROLLED_BACK);
        assertThat(types(rollout)).containsSubsequence("GateInconclusive", "GateInconclusive", "RolledBack");
        assertThat(rollout.events().stream()
                        .filter(e -> e.type().equals("GateInconclusive"))
                        .findFirst()
                        .orElseThrow()
                        .message())
                .contains("no data for the candidate", "(1 of 1 allowed)");
    }

    @Test
    void reconcile_newLeaderAfterALostRecord_resumesWithoutRepeatingOrSkipping() {
        service.create(canary("risk-v2", "2", List.of(5, 25, 50, 100)), "alice");
        executor.ready.add("2");
        reconciler(store).reconcile("risk-v2");
        clock.advance(Duration.ofSeconds(30));
        // the old leader writes step 2's split, then dies before recording it: its document write fails
        DocumentStore dying = dyingAtTheRecordOf(
                content -> content.contains("\"stepStartedAt\":\"") && content.contains("\"step\":1"));
        RolloutReconciler old = reconciler(dying);
        assertThatThrownBy(() -> old.reconcile("risk-v2")).hasMessage("leader process killed");
        assertThat(split()).containsEntry("2", 25);
        Rollout atFailover = service.get("risk-v2");
        assertThat(atFailover.step()).isEqualTo(1);
        assertThat(atFailover.stepStartedAt()).isNull();

        RolloutReconciler next = reconciler(store);
        Rollout rollout = next.reconcile("risk-v2").orElseThrow();
        for (int i = 0; i < 20 && rollout.phase() == RolloutPhase.PROGRESSING; i++) {
            clock.advance(Duration.ofSeconds(10));
            rollout = next.reconcile("risk-v2").orElseThrow();
        }

        assertThat(rollout.phase()).isEqualTo(RolloutPhase.SUCCEEDED);
        List<String> steps = rollout.events().stream()
                .filter(e -> e.type().equals("StepStarted"))
                .map(e -> e.weights().get("2") + "%")
                .toList();
        assertThat(steps).containsExactly("5%", "25%", "50%", "100%");
    }

    @Test
    void actions_pausePromoteAbortAndRollback() {
        service.create(canary("risk-v2", "2", List.of(5, 25, 50, 100)), "alice");
        executor.ready.add("2");
        RolloutReconciler reconciler = reconciler(store);
        reconciler.reconcile("risk-v2");

        service.pause("risk-v2", "bob");
        clock.advance(Duration.ofMinutes(5));
        assertThat(reconciler.reconcile("risk-v2").orElseThrow().step()).isZero();
        assertThat(split()).containsEntry("2", 5);
        service.resume("risk-v2", "bob");
        service.promote("risk-v2", "bob");
        Rollout promoted = reconciler.reconcile("risk-v2").orElseThrow();
        assertThat(promoted.phase()).isEqualTo(RolloutPhase.SUCCEEDED);
        assertThat(split()).containsEntry("2", 100);
        assertThat(types(promoted)).containsSubsequence("Paused", "Resumed", "Promoted", "StepStarted", "Succeeded");

        assertThatThrownBy(() -> service.abort("risk-v2", "bob"))
                .isInstanceOf(DeploymentConflictException.class)
                .hasMessage("deployment 'risk-v2' is SUCCEEDED; it cannot abort now");

        // rollback after success: the removed baseline comes back first, then gets the traffic
        executor.ready.remove("1");
        service.rollback("risk-v2", "carol");
        assertThat(new ModelClaims(store).holder(MODEL)).contains("rollout:risk-v2");
        assertThat(reconciler.reconcile("risk-v2").orElseThrow().phase()).isEqualTo(RolloutPhase.ROLLING_BACK);
        assertThat(split()).containsEntry("2", 100);
        executor.ready.add("1");
        Rollout back = reconciler.reconcile("risk-v2").orElseThrow();
        assertThat(back.phase()).isEqualTo(RolloutPhase.ROLLED_BACK);
        assertThat(split()).containsEntry("1", 100).containsEntry("2", 0);
        assertThat(executor.calls).containsExactly("ensure 2", "remove 1", "ensure 1", "remove 2");
        assertThat(new ModelClaims(store).holder(MODEL)).isEmpty();
    }

    @Test
    void abort_whileCanary_endsAbortedOnTheBaseline() {
        service.create(canary("risk-v2", "2", List.of(5, 100)), "alice");
        executor.ready.add("2");
        RolloutReconciler reconciler = reconciler(store);
        reconciler.reconcile("risk-v2");
        service.abort("risk-v2", "bob");
        Rollout rollout = reconciler.reconcile("risk-v2").orElseThrow();
        assertThat(rollout.phase()).isEqualTo(RolloutPhase.ABORTED);
        assertThat(split()).containsEntry("1", 100).containsEntry("2", 0);
        assertThat(types(rollout)).containsSubsequence("Aborted", "RolledBack");
    }

    @Test
    void blueGreen_switchesAtOnceAndKeepsTheBaselineForItsTime() {
        DeploymentSpec spec = new DeploymentSpec(
                "risk-bg",
                MODEL,
                "2",
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                new Strategy("blue-green", null, null, null, null, null, null, Duration.ofMinutes(5)));
        service.create(spec, "alice");
        executor.ready.add("2");
        RolloutReconciler reconciler = reconciler(store);
        assertThat(reconciler.reconcile("risk-bg").orElseThrow().phase()).isEqualTo(RolloutPhase.SUCCEEDED);
        assertThat(split()).containsEntry("2", 100);
        assertThat(executor.running).contains("1", "2");
        clock.advance(Duration.ofMinutes(4));
        reconciler.reconcile("risk-bg");
        assertThat(executor.running).contains("1");
        clock.advance(Duration.ofMinutes(1));
        assertThat(reconciler.reconcile("risk-bg").orElseThrow().baselineRemoved())
                .isTrue();
        assertThat(executor.running).containsExactly("2");
    }

    @Test
    void create_badRequests_areRefusedWithEveryProblemAndNothingWritten() {
        assertThatThrownBy(() -> service.create(canary("Risk V2", "2", List.of(5, 150, 100, 90)), "alice"))
                .isInstanceOfSatisfying(InvalidDeploymentException.class, e -> assertThat(e.problems())
                        .extracting(DeploymentProblem::path, DeploymentProblem::message)
                        .containsExactly(
                                org.assertj.core.groups.Tuple.tuple(
                                        "name",
                                        "'Risk V2' is not valid; use lower-case letters, digits and '-', at most 63,"
                                                + " starting and ending with a letter or digit, e.g. 'risk-v2'"),
                                org.assertj.core.groups.Tuple.tuple(
                                        "strategy.steps[1]",
                                        "150 is out of range; a step's weight is 1..100 (percent of the calls)"),
                                org.assertj.core.groups.Tuple.tuple(
                                        "strategy.steps[2]", "100 is not above the step before (150); steps increase"),
                                org.assertj.core.groups.Tuple.tuple(
                                        "strategy.steps[3]", "90 is not above the step before (100); steps increase"),
                                org.assertj.core.groups.Tuple.tuple(
                                        "strategy.steps[3]",
                                        "the last step is 90; it must be 100 (the candidate takes all traffic)")));
        assertThatThrownBy(() ->
                        service.create(canary("fraud-v2", "2", List.of(100)).withModel("fraud"), "alice"))
                .isInstanceOfSatisfying(InvalidDeploymentException.class, e -> assertThat(e.problems())
                        .containsExactly(
                                new DeploymentProblem("model", "model 'fraud' is not registered; register it first")));
        assertThatThrownBy(() -> service.create(canary("risk-v9", "9", List.of(100)), "alice"))
                .isInstanceOfSatisfying(InvalidDeploymentException.class, e -> assertThat(e.problems())
                        .containsExactly(
                                new DeploymentProblem("version", "model 'risk' has no version '9'; it has 1, 2, 3")));
        assertThatThrownBy(() -> service.create(canary("risk-v1", "champion", List.of(100)), "alice"))
                .isInstanceOfSatisfying(InvalidDeploymentException.class, e -> assertThat(e.problems())
                        .containsExactly(new DeploymentProblem(
                                "version",
                                "version 1 of model 'risk' already takes all traffic; nothing to roll out")));
        executor.placementProblem = "no host has 2 GPUs of type NVIDIA H100 80GB HBM3 (hosts: a: 1 x NVIDIA L4)";
        assertThatThrownBy(() -> service.create(canary("risk-v2", "2", List.of(100)), "alice"))
                .isInstanceOfSatisfying(InvalidDeploymentException.class, e -> assertThat(e.problems())
                        .containsExactly(new DeploymentProblem("resources", executor.placementProblem)));
        executor.placementProblem = null;

        assertThat(service.list()).isEmpty();
        assertThat(new ModelClaims(store).holder(MODEL)).isEmpty();
    }

    @Test
    void create_whileAnotherRolloutOrAnExperimentHoldsTheModel_isAConflictNamingIt() {
        service.create(canary("risk-v2", "2", List.of(5, 100)), "alice");
        assertThatThrownBy(() -> service.create(canary("risk-v3", "3", List.of(5, 100)), "bob"))
                .isInstanceOfSatisfying(DeploymentConflictException.class, e -> {
                    assertThat(e.holder()).isEqualTo("rollout:risk-v2");
                    assertThat(e.getMessage())
                            .isEqualTo("model 'risk' is already rolling out in deployment 'risk-v2'; wait for it to"
                                    + " finish, or abort it, before starting another");
                });
        assertThatThrownBy(() -> service.create(canary("risk-v2", "3", List.of(5, 100)), "bob"))
                .isInstanceOf(DeploymentConflictException.class)
                .hasMessage("deployment 'risk-v2' exists already; choose another name or read it");
        assertThat(service.list()).extracting(Rollout::name).containsExactly("risk-v2");

        service.abort("risk-v2", "alice");
        reconciler(store).reconcile("risk-v2");
        new ModelClaims(store).claim(MODEL, "experiment:risk-ab");
        assertThatThrownBy(() -> service.create(canary("risk-v3", "3", List.of(5, 100)), "bob"))
                .isInstanceOf(DeploymentConflictException.class)
                .hasMessage("model 'risk' is under experiment risk-ab; stop the experiment before rolling the model"
                        + " out");
    }

    @Test
    void create_whenTrafficIsSplit_namesTheSplitAndTheEndpoint() {
        rules.edit(
                MODEL,
                RouteRulePrecondition.ANY,
                current -> Optional.of(current.rule()
                        .orElseThrow()
                        .withTraffic(List.of(
                                new io.dubboai.core.rule.TrafficSplit("1", 50),
                                new io.dubboai.core.rule.TrafficSplit("2", 50)))));
        assertThatThrownBy(() -> service.create(canary("risk-v3", "3", List.of(5, 100)), "bob"))
                .isInstanceOfSatisfying(
                        InvalidDeploymentException.class,
                        e -> assertThat(e.problems())
                                .containsExactly(
                                        new DeploymentProblem(
                                                "model",
                                                "traffic of model 'risk' is split (1: 50 %, 2: 50 %); a rollout starts from one version"
                                                        + " at 100 %: set that split with PUT /api/v1/ai/models/risk/route-rule first")));
    }

    private static DeploymentSpec shadowCanary(String name, int percent) {
        return spec(name, canary(name, "2", List.of(25, 100)).strategy().withShadow(percent, Duration.ofSeconds(20)));
    }

    /** Version 2 of the model, 2 replicas, by {@code strategy}. */
    private static DeploymentSpec spec(String name, Strategy strategy) {
        return new DeploymentSpec(name, MODEL, "2", 2, null, null, null, null, null, null, strategy);
    }

    /** The rule's shadow as "version:percent", or "none". */
    private String shadow() {
        return RolloutWeights.shadowOf(rules.read(MODEL).orElseThrow().rule().orElseThrow());
    }

    @Test
    void reconcile_shadowStep_mirrorsFirstThenWalksTheStepsWithTheShadowCleared() {
        service.create(shadowCanary("risk-v2", 20), "alice");
        executor.ready.add("2");
        RolloutReconciler reconciler = reconciler(store);

        Rollout rollout = reconciler.reconcile("risk-v2").orElseThrow();
        assertThat(rollout.shadowing()).isTrue();
        assertThat(rollout.step()).isZero();
        assertThat(split()).containsExactly(Map.entry("1", 100), Map.entry("2", 0));
        assertThat(shadow()).isEqualTo("2:20");

        // the shadow step holds 20 s, checked every 10 s, on the mirrored calls
        clock.advance(Duration.ofSeconds(10));
        assertThat(reconciler.reconcile("risk-v2").orElseThrow().shadowing()).isTrue();
        clock.advance(Duration.ofSeconds(10));
        rollout = reconciler.reconcile("risk-v2").orElseThrow();
        assertThat(rollout.shadowing()).isFalse();
        assertThat(split()).containsExactly(Map.entry("1", 75), Map.entry("2", 25));
        assertThat(shadow()).isEqualTo("none");
        for (int i = 0; i < 10 && rollout.phase() == RolloutPhase.PROGRESSING; i++) {
            clock.advance(Duration.ofSeconds(10));
            rollout = reconciler.reconcile("risk-v2").orElseThrow();
        }

        assertThat(rollout.phase()).isEqualTo(RolloutPhase.SUCCEEDED);
        assertThat(types(rollout))
                .containsExactly(
                        "Created",
                        "CandidateReady",
                        "ShadowStarted",
                        "GatePassed",
                        "StepStarted",
                        "GatePassed",
                        "StepStarted",
                        "Succeeded",
                        "BaselineRemoved");
        RolloutEvent started = rollout.events().get(2);
        assertThat(started.message())
                .isEqualTo("shadow step: version 1 keeps all traffic; 20 % of the calls are mirrored to version 2,"
                        + " whose answers are discarded");
        assertThat(started.weights()).isEqualTo(Map.of("1", 100, "2", 0));
        RolloutEvent passed = rollout.events().get(3);
        assertThat(passed.message()).startsWith("shadow step (20 % mirrored) done: PASS on test: error_rate");
        assertThat(passed.verdict()).isEqualTo("PASS");
        assertThat(passed.metrics()).singleElement().satisfies(m -> assertThat(m.candidate())
                .isEqualTo(0.01));
        assertThat(analyses.get(0).candidate()).isEqualTo("2");
        assertThat(analyses.get(0).baseline()).isEqualTo("1");
    }

    @Test
    void reconcile_failedGateInTheShadowStep_rollsBackAndClearsTheShadow() {
        service.create(shadowCanary("risk-v2", 50), "alice");
        executor.ready.add("2");
        RolloutReconciler reconciler = reconciler(store);
        reconciler.reconcile("risk-v2");
        assertThat(shadow()).isEqualTo("2:50");

        candidateErrors.set(0.4);
        clock.advance(Duration.ofSeconds(10));
        Rollout rollout = reconciler.reconcile("risk-v2").orElseThrow();

        assertThat(rollout.phase()).isEqualTo(RolloutPhase.ROLLED_BACK);
        assertThat(rollout.shadowing()).as("where it ended").isTrue();
        assertThat(split()).containsExactly(Map.entry("1", 100), Map.entry("2", 0));
        assertThat(shadow()).isEqualTo("none");
        assertThat(rollout.events().stream()
                        .filter(e -> e.type().equals("GateFailed"))
                        .findFirst()
                        .orElseThrow()
                        .message())
                .contains("shadow step (50 % mirrored): FAIL", "error_rate 0.4000 vs 0.01000 FAIL");
        assertThat(executor.calls).containsExactly("ensure 2", "remove 2");
    }

    @Test
    void reconcile_abortOrPromoteInTheShadowStep_clearsTheShadow() {
        service.create(shadowCanary("risk-v2", 20), "alice");
        executor.ready.add("2");
        RolloutReconciler reconciler = reconciler(store);
        reconciler.reconcile("risk-v2");
        service.pause("risk-v2", "bob");
        assertThat(service.get("risk-v2")
                        .events()
                        .get(service.get("risk-v2").events().size() - 1)
                        .message())
                .isEqualTo("bob paused at shadow step (20 % mirrored)");
        service.abort("risk-v2", "bob");
        assertThat(reconciler.reconcile("risk-v2").orElseThrow().phase()).isEqualTo(RolloutPhase.ABORTED);
        assertThat(shadow()).isEqualTo("none");
        assertThat(split()).containsEntry("1", 100);

        service.create(shadowCanary("risk-v2b", 20), "alice");
        reconciler.reconcile("risk-v2b");
        assertThat(shadow()).isEqualTo("2:20");
        service.promote("risk-v2b", "bob");
        Rollout promoted = reconciler.reconcile("risk-v2b").orElseThrow();
        assertThat(promoted.phase()).isEqualTo(RolloutPhase.SUCCEEDED);
        assertThat(split()).containsEntry("2", 100);
        assertThat(shadow()).isEqualTo("none");
    }

    @Test
    void reconcile_newLeaderAfterALostShadowRecord_recordsTheShadowStepOnce() {
        service.create(shadowCanary("risk-v2", 20), "alice");
        executor.ready.add("2");
        DocumentStore dying = dyingAtTheRecordOf(content -> content.contains("ShadowStarted"));
        assertThatThrownBy(() -> reconciler(dying).reconcile("risk-v2")).hasMessage("leader process killed");
        assertThat(shadow()).isEqualTo("2:20");
        assertThat(service.get("risk-v2").stepStartedAt()).isNull();

        RolloutReconciler next = reconciler(store);
        Rollout rollout = next.reconcile("risk-v2").orElseThrow();
        for (int i = 0; i < 20 && rollout.phase() == RolloutPhase.PROGRESSING; i++) {
            clock.advance(Duration.ofSeconds(10));
            rollout = next.reconcile("risk-v2").orElseThrow();
        }
        assertThat(rollout.phase()).isEqualTo(RolloutPhase.SUCCEEDED);
        assertThat(types(rollout)).filteredOn("ShadowStarted"::equals).hasSize(1);
        assertThat(types(rollout)).containsSubsequence("ShadowStarted", "GatePassed", "StepStarted", "GatePassed");
    }

    @Test
    void create_badShadowSteps_areRefusedNamingTheField() {
        DeploymentSpec rolling =
                spec("risk-v2", new Strategy("rolling", null, null, null, null, null, null, null).withShadow(20, null));
        assertThatThrownBy(() -> service.create(rolling, "alice"))
                .isInstanceOfSatisfying(InvalidDeploymentException.class, e -> assertThat(e.problems())
                        .containsExactly(new DeploymentProblem(
                                "strategy.shadow",
                                "only a canary has a shadow step; remove it or use type canary (rolling switches all"
                                        + " traffic at once)")));
        DeploymentSpec zero = shadowCanary("risk-v2", 0);
        DeploymentSpec negative = spec("risk-v2", zero.strategy().withShadow(101, Duration.ofSeconds(-1)));
        assertThatThrownBy(() -> service.create(zero, "alice"))
                .isInstanceOfSatisfying(InvalidDeploymentException.class, e -> assertThat(e.problems())
                        .containsExactly(new DeploymentProblem(
                                "strategy.shadow.percent",
                                "0 is out of range; give the share of calls mirrored to the candidate, greater than 0"
                                        + " and at most 100 (e.g. 20)")));
        assertThatThrownBy(() -> service.create(negative, "alice"))
                .isInstanceOfSatisfying(InvalidDeploymentException.class, e -> assertThat(e.problems())
                        .extracting(DeploymentProblem::path)
                        .containsExactly("strategy.shadow.percent", "strategy.shadow.interval"));
        assertThat(service.list()).isEmpty();
    }
}
