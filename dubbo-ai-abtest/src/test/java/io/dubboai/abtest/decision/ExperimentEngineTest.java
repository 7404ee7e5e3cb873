package io.dubboai.abtest.decision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dubboai.abtest.analysis.Comparison;
import io.dubboai.abtest.analysis.ExperimentResults;
import io.dubboai.abtest.experiment.DecisionKind;
import io.dubboai.abtest.experiment.DecisionPolicy;
import io.dubboai.abtest.experiment.DecisionRecord;
import io.dubboai.abtest.experiment.Design;
import io.dubboai.abtest.experiment.Experiment;
import io.dubboai.abtest.experiment.ExperimentConflictException;
import io.dubboai.abtest.experiment.ExperimentService;
import io.dubboai.abtest.experiment.ExperimentSpec;
import io.dubboai.abtest.experiment.ExperimentStatus;
import io.dubboai.abtest.experiment.MetricCatalog;
import io.dubboai.abtest.experiment.Variant;
import io.dubboai.abtest.ledger.Outcome;
import io.dubboai.abtest.ledger.OutcomeReceipt;
import io.dubboai.abtest.ledger.UnitLedger;
import io.dubboai.controlplane.rule.RouteRuleEditor;
import io.dubboai.controlplane.rule.RouteRulePrecondition;
import io.dubboai.controlplane.store.DocumentStore;
import io.dubboai.controlplane.store.FileDocumentStore;
import io.dubboai.core.rule.ModelRouteRule;
import io.dubboai.core.rule.TrafficSplit;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine on files: exposures and outcomes through {@link ExperimentData}, readings and decisions by the {@link
 * ExperimentComponent}, the route rule through the one editor. Users are simulated with seeded random numbers.
 */
class ExperimentEngineTest {

    @TempDir
    Path temp;

    DocumentStore store;
    RouteRuleEditor rules;
    ExperimentService experiments;
    ExperimentData data;
    ResultHistory history;
    final Map<String, String> aliasMoves = new ConcurrentHashMap<>();
    final List<DecisionRecord> audited = new CopyOnWriteArrayList<>();
    ExperimentComponent engine;

    @BeforeEach
    void setUp() {
        store = new FileDocumentStore(temp.resolve("documents"));
        rules = new RouteRuleEditor(new FileDocumentStore(temp.resolve("rules")));
        experiments = new ExperimentService(store, rules, MetricCatalog.defaults(), Clock.systemUTC());
        data = new ExperimentData(experiments, new UnitLedger(store), MetricCatalog.defaults(), Clock.systemUTC());
        history = new ResultHistory(store);
        AliasMover mover = (model, alias, version, actor) -> {
            aliasMoves.put(model + "/" + alias, version + " by " + actor);
            rules.edit(
                    model,
                    RouteRulePrecondition.ANY,
                    stored -> Optional.of(stored.rule().orElseThrow().toBuilder()
                            .alias(alias, version)
                            .build()));
        };
        engine = new ExperimentComponent(
                experiments, data, history, mover, (e, d) -> audited.add(d), Duration.ofSeconds(30), Clock.systemUTC());
        rules.edit(
                "risk",
                RouteRulePrecondition.ANY,
                stored -> Optional.of(ModelRouteRule.builder("risk")
                        .traffic("1", 100)
                        .traffic("2", 0)
                        .alias("champion", "1")
                        .build()));
    }

    static ExperimentSpec spec(String id, DecisionPolicy policy, long unitsPerVariant) {
        return new ExperimentSpec(
                id,
                "risk",
                "user-id",
                List.of(new Variant("control", "champion", 50), new Variant("treatment", "2", 50)),
                "conversion",
                List.of("latency"),
                Design.fixed(unitsPerVariant),
                policy);
    }

    /** Sends {@code users} new users through the experiment, converting at the variant's rate. */
    void simulate(String id, int from, int users, double controlRate, double treatmentRate, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<ModelExposure> exposures = new ArrayList<>();
        List<Outcome> outcomes = new ArrayList<>();
        for (int i = from; i < from + users; i++) {
            String unit = "user-" + i;
            // the router's assignment is exercised end to end elsewhere; here a fair coin per user
            boolean treated = random.nextBoolean();
            exposures.add(new ModelExposure("risk", "user-id", unit, treated ? "2" : "1", Instant.now()));
            if (random.nextDouble() < (treated ? treatmentRate : controlRate)) {
                outcomes.add(new Outcome(unit, "conversion", 1, null));
            }
            outcomes.add(new Outcome(unit, "latency", 20 + random.nextDouble() * 5, "call-" + i));
        }
        data.recordExposures(exposures);
        data.recordOutcomes(id, outcomes);
    }

    @Test
    void runOnceWhenTreatmentConvertsBetterShouldPromoteMoveAliasAuditAndRestoreSplit() {
        experiments.create(spec("risk-better", DecisionPolicy.automatic("champion"), 3_000));
        Experiment running = experiments.start("risk-better");
        assertThat(running.versions()).containsEntry("control", "1").containsEntry("treatment", "2");

        int users = 0;
        while (experiments.find("risk-better").orElseThrow().status() == ExperimentStatus.RUNNING && users < 12_000) {
            simulate("risk-better", users, 500, 0.10, 0.16, users);
            users += 500;
            engine.runOnce();
        }

        Experiment done = experiments.find("risk-better").orElseThrow();
        assertThat(done.status()).isEqualTo(ExperimentStatus.STOPPED);
        DecisionRecord decision = done.decision();
        assertThat(decision).isNotNull();
        assertThat(decision.kind()).isEqualTo(DecisionKind.PROMOTE);
        assertThat(decision.winner()).isEqualTo("treatment");
        assertThat(decision.winnerVersion()).isEqualTo("2");
        assertThat(decision.applied()).isTrue();
        assertThat(decision.auditedAt()).isNotNull();
        assertThat(decision.evidence()).containsKeys("difference", "lower", "upper", "pValue", "srmPValue");
        assertThat(decision.evidence().get("lower")).isPositive();
        assertThat(decision.reason()).contains("beats the control on 'conversion'");
        assertThat(audited).hasSize(1);
        assertThat(aliasMoves).containsEntry("risk/champion", "2 by experiment-component");
        ModelRouteRule after = rules.read("risk").orElseThrow().rule().orElseThrow();
        assertThat(after.aliases()).containsEntry("champion", "2");
        assertThat(after.traffic()).containsExactly(new TrafficSplit("1", 100), new TrafficSplit("2", 0));
        assertThat(experiments.runningOn("risk")).isEmpty();
        assertThat(history.read("risk-better")).isNotEmpty().last().satisfies(point -> assertThat(point.decision())
                .isEqualTo(DecisionKind.PROMOTE));
    }

    @Test
    void runOnceWhenGuardrailIsHarmedShouldStopForHarmWithoutMovingAlias() {
        experiments.create(spec("risk-slow", DecisionPolicy.automatic("champion"), 2_000));
        experiments.start("risk-slow");
        SplittableRandom random = new SplittableRandom(7);
        List<ModelExposure> exposures = new ArrayList<>();
        List<Outcome> outcomes = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            boolean treated = i % 2 == 0;
            exposures.add(new ModelExposure("risk", "user-id", "u" + i, treated ? "2" : "1", Instant.now()));
            // the treatment is 30 % slower
            outcomes.add(new Outcome("u" + i, "latency", (treated ? 26 : 20) + random.nextGaussian() * 4, null));
        }
        data.recordExposures(exposures);
        data.recordOutcomes("risk-slow", outcomes);

        engine.runOnce();

        Experiment done = experiments.find("risk-slow").orElseThrow();
        assertThat(done.status()).isEqualTo(ExperimentStatus.STOPPED);
        assertThat(done.decision().kind()).isEqualTo(DecisionKind.STOP_FOR_HARM);
        assertThat(done.decision().reason()).startsWith("variant 'treatment' harms guardrail 'latency'");
        assertThat(aliasMoves).isEmpty();
        assertThat(audited).hasSize(1);
    }

    @Test
    void runOnceWhenRecommendOnlyShouldRecordAndAuditOnceButKeepRunningUntilApplied() {
        experiments.create(spec("risk-recommend", DecisionPolicy.recommendOnly(), 3_000));
        experiments.start("risk-recommend");
        simulate("risk-recommend", 0, 6_000, 0.05, 0.15, 3);

        engine.runOnce();
        engine.runOnce();

        Experiment recommended = experiments.find("risk-recommend").orElseThrow();
        assertThat(recommended.status()).isEqualTo(ExperimentStatus.RUNNING);
        assertThat(recommended.decision().kind()).isEqualTo(DecisionKind.PROMOTE);
        assertThat(recommended.decision().applied()).isFalse();
        assertThat(audited).hasSize(1);

        Experiment applied = engine.apply("risk-recommend", "alice");

        assertThat(applied.status()).isEqualTo(ExperimentStatus.STOPPED);
        assertThat(aliasMoves).containsEntry("risk/champion", "2 by alice");
    }

    @Test
    void resultsWhenSplitIsSkewedShouldFlagSrmAndNotDecide() {
        experiments.create(spec("risk-skewed", DecisionPolicy.automatic("champion"), 1_000));
        experiments.start("risk-skewed");
        List<ModelExposure> exposures = new ArrayList<>();
        List<Outcome> outcomes = new ArrayList<>();
        for (int i = 0; i < 3_000; i++) {
            boolean treated = i % 5 < 2; // 40 % instead of 50 %
            exposures.add(new ModelExposure("risk", "user-id", "s" + i, treated ? "2" : "1", Instant.now()));
            if (treated ? i % 2 == 0 : i % 10 == 3) {
                outcomes.add(new Outcome("s" + i, "conversion", 1, null));
            }
        }
        data.recordExposures(exposures);
        data.recordOutcomes("risk-skewed", outcomes);

        engine.runOnce();

        ExperimentResults results = data.results("risk-skewed");
        assertThat(results.srm().mismatch()).isTrue();
        assertThat(results.decision()).isEqualTo(DecisionKind.KEEP_RUNNING);
        assertThat(results.reason()).startsWith("sample ratio mismatch");
        assertThat(results.primary())
                .singleElement()
                .extracting(Comparison::verdict)
                .isEqualTo(Comparison.Verdict.BETTER);
        assertThat(experiments.find("risk-skewed").orElseThrow().status()).isEqualTo(ExperimentStatus.RUNNING);
    }

    @Test
    void outcomesShouldRefuseUnknownUnitsCountDuplicatesOnceAndRefuseLateOnes() {
        experiments.create(spec("risk-ledger", DecisionPolicy.recommendOnly(), 1_000));
        experiments.start("risk-ledger");
        ExposureBatchReceipt exposed = data.recordExposures(List.of(
                new ModelExposure("risk", "user-id", "a", "1", Instant.now()),
                new ModelExposure("risk", "user-id", "a", "2", Instant.now()), // crossover: keeps control
                new ModelExposure("risk", "user-id", "b", "2", Instant.now()),
                new ModelExposure("risk", "session", "c", "2", Instant.now()),
                new ModelExposure("risk", "user-id", "d", "7", Instant.now()),
                new ModelExposure("other", "user-id", "e", "1", Instant.now())));
        assertThat(exposed.newUnits()).isEqualTo(2);
        assertThat(exposed.ignored())
                .containsEntry("other-attachment", 1L)
                .containsEntry("other-version", 1L)
                .containsEntry("no-experiment", 1L);

        OutcomeReceipt receipt = data.recordOutcomes(
                "risk-ledger",
                List.of(
                        new Outcome("a", "conversion", 1, null),
                        new Outcome("a", "conversion", 1, null),
                        new Outcome("b", "latency", 10, "e1"),
                        new Outcome("b", "latency", 10, "e1"),
                        new Outcome("b", "latency", 30, "e2"),
                        new Outcome("nobody", "conversion", 1, null),
                        new Outcome("a", "clicks", 1, null)));

        assertThat(receipt.accepted()).isEqualTo(3);
        assertThat(receipt.duplicates()).isEqualTo(2);
        assertThat(receipt.rejected())
                .extracting(r -> r.index() + ":" + r.reason())
                .containsExactly("5:unknown-unit", "6:unknown-metric");
        assertThat(receipt.rejected().get(0).message())
                .isEqualTo("unit 'nobody' has no exposure in experiment 'risk-ledger'; an outcome counts only for a"
                        + " unit that was served by one of its variants (send the outcome again once its exposure"
                        + " has been shipped)");
        ExperimentResults results = data.results("risk-ledger");
        assertThat(results.crossovers()).isEqualTo(1);
        assertThat(results.variants())
                .extracting(v -> v.name() + "=" + v.units())
                .containsExactly("control=1", "treatment=1");
        assertThat(results.primary().get(0).controlMean()).isEqualTo(1.0);
        assertThat(results.guardrails().get(0).variantMean()).isEqualTo(40.0);

        experiments.stop("risk-ledger");
        assertThatThrownBy(() -> data.recordOutcomes("risk-ledger", List.of(new Outcome("a", "conversion", 1, null))))
                .isInstanceOf(ExperimentConflictException.class)
                .hasMessageContaining("outcomes arriving after the stop are late and not counted");
    }
}
