package io.dubboai.abtest.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dubboai.abtest.bandit.BanditService;
import io.dubboai.abtest.decision.ExperimentComponent;
import io.dubboai.abtest.decision.ExperimentData;
import io.dubboai.abtest.decision.ResultHistory;
import io.dubboai.abtest.experiment.BanditAllocator;
import io.dubboai.abtest.experiment.DecisionKind;
import io.dubboai.abtest.experiment.DecisionPolicy;
import io.dubboai.abtest.experiment.DecisionRecord;
import io.dubboai.abtest.experiment.Design;
import io.dubboai.abtest.experiment.Experiment;
import io.dubboai.abtest.experiment.ExperimentProblem;
import io.dubboai.abtest.experiment.ExperimentService;
import io.dubboai.abtest.experiment.ExperimentSpec;
import io.dubboai.abtest.experiment.ExperimentStatus;
import io.dubboai.abtest.experiment.InvalidExperimentException;
import io.dubboai.abtest.experiment.MetricCatalog;
import io.dubboai.abtest.experiment.MonitoringGuardrail;
import io.dubboai.abtest.experiment.Variant;
import io.dubboai.abtest.ledger.UnitLedger;
import io.dubboai.controlplane.rule.RouteRuleEditor;
import io.dubboai.controlplane.rule.RouteRulePrecondition;
import io.dubboai.controlplane.store.FileDocumentStore;
import io.dubboai.controlplane.testing.MutableClock;
import io.dubboai.core.rule.ModelRouteRule;
import io.dubboai.monitor.control.analysis.AnalysisRequest;
import io.dubboai.monitor.control.analysis.AnalysisResult;
import io.dubboai.monitor.control.analysis.MetricResult;
import io.dubboai.monitor.control.analysis.MetricStatus;
import io.dubboai.monitor.control.analysis.VersionAnalysis;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Guardrails read from monitoring's analysis API: refused at creation when the metric is unknown, a failed one stops
 * the experiment for harm with the numbers, a backend that cannot answer decides nothing. The analysis backend is the
 * edge replaced here (Prometheus and the scrapes are tested in the monitoring module).
 */
class MonitoringGuardrailsTest {

    @TempDir
    Path temp;

    FileDocumentStore store;
    FileDocumentStore ruleStore;
    MutableClock clock = new MutableClock();
    ExperimentService experiments;
    List<AnalysisRequest> asked = new CopyOnWriteArrayList<>();
    List<DecisionRecord> audited = new CopyOnWriteArrayList<>();
    volatile MetricStatus errorRateStatus = MetricStatus.PASS;
    volatile boolean backendDown;

    @BeforeEach
    void setUp() {
        store = new FileDocumentStore(temp.resolve("documents"));
        ruleStore = new FileDocumentStore(temp.resolve("rules"));
        RouteRuleEditor rules = new RouteRuleEditor(ruleStore);
        rules.edit(
                "risk",
                RouteRulePrecondition.ANY,
                stored -> Optional.of(ModelRouteRule.builder("risk")
                        .traffic("1", 100)
                        .traffic("2", 0)
                        .alias("champion", "1")
                        .build()));
        experiments = new ExperimentService(
                store,
                rules,
                MetricCatalog.defaults().withMonitoringMetrics(MonitoringGuardrailMonitor.METRICS),
                clock);
    }

    @AfterEach
    void tearDown() {
        store.close();
        ruleStore.close();
    }

    ExperimentComponent engine() {
        VersionAnalysis analysis = new VersionAnalysis() {
            @Override
            public AnalysisResult compare(AnalysisRequest request) {
                if (backendDown) {
                    throw new IllegalStateException("the model-monitoring component is not running");
                }
                asked.add(request);
                List<MetricResult> metrics = new ArrayList<>();
                metrics.add(new MetricResult(
                        "error_rate",
                        "ratio",
                        0.01,
                        0.25,
                        0.24,
                        24.0,
                        errorRateStatus,
                        errorRateStatus == MetricStatus.FAIL
                                ? "error_rate rose by 0.24, more than the allowed 0.01"
                                : "within 0.01",
                        "q"));
                return new AnalysisResult(
                        request.model(),
                        request.baseline(),
                        request.candidate(),
                        request.window(),
                        clock.instant(),
                        "scrape",
                        AnalysisResult.verdictOf(metrics),
                        metrics);
            }

            @Override
            public String backend() {
                return "scrape";
            }
        };
        RouteRuleEditor rules = new RouteRuleEditor(ruleStore);
        ExperimentData data = new ExperimentData(experiments, new UnitLedger(store), MetricCatalog.defaults(), clock);
        return new ExperimentComponent(
                experiments,
                data,
                new ResultHistory(store),
                (model, alias, version, actor) -> {
                    throw new AssertionError("no alias moves on a stop for harm");
                },
                (experiment, decision) -> audited.add(decision),
                new BanditAllocator(new BanditService(store, clock), experiments, rules),
                new MonitoringGuardrailMonitor(() -> analysis),
                Duration.ofSeconds(30),
                clock);
    }

    static ExperimentSpec spec(String id, List<MonitoringGuardrail> guardrails) {
        return new ExperimentSpec(
                        id,
                        "risk",
                        "user-id",
                        List.of(new Variant("control", "champion", 50), new Variant("treatment", "2", 50)),
                        "conversion",
                        List.of(),
                        Design.fixed(1_000),
                        DecisionPolicy.automatic("champion"))
                .withMonitoringGuardrails(guardrails);
    }

    @Test
    void createWhenMonitoringMetricUnknownOrWithoutThresholdShouldNameTheFieldAndTheKnownMetrics() {
        ExperimentSpec spec = spec(
                "risk-bad",
                List.of(
                        new MonitoringGuardrail("error_ratio", 0.01, null),
                        new MonitoringGuardrail("latency_p99", null, null)));

        assertThatThrownBy(() -> experiments.create(spec))
                .isInstanceOfSatisfying(InvalidExperimentException.class, e -> assertThat(e.problems())
                        .extracting(ExperimentProblem::path)
                        .containsExactly("monitoringGuardrails[0].metric", "monitoringGuardrails[1]"));
        assertThatThrownBy(() -> experiments.create(spec))
                .hasMessageContaining("'error_ratio' is not a monitoring metric; use one of [error_rate, latency_p50,"
                        + " latency_p90, latency_p95, latency_p99, throughput]")
                .hasMessageContaining("no threshold; give maxDegradation");
    }

    @Test
    void createWhenNoMonitoringShouldSaySoAndHowToFix() {
        ExperimentService withoutMonitoring =
                new ExperimentService(store, new RouteRuleEditor(ruleStore), MetricCatalog.defaults(), clock);

        assertThatThrownBy(() -> withoutMonitoring.create(
                        spec("risk-nomon", List.of(new MonitoringGuardrail("error_rate", 0.01, null)))))
                .hasMessageContaining("monitoringGuardrails[0].metric: monitoring guardrails need the monitoring"
                        + " module (dubbo-ai-monitor-control) in this server; enable it or remove the guardrail");
    }

    @Test
    void runOnceWhenErrorRateGuardrailFailsShouldStopForHarmWithTheNumbers() {
        experiments.create(spec("risk-errors", List.of(new MonitoringGuardrail("error_rate", 0.01, null))));
        experiments.start("risk-errors");
        ExperimentComponent engine = engine();

        engine.runOnce(); // started just now: no window to read yet
        assertThat(asked).isEmpty();

        clock.advance(Duration.ofMinutes(2));
        engine.runOnce(); // the guardrail holds
        assertThat(experiments.find("risk-errors").orElseThrow().decision()).isNull();
        assertThat(asked).singleElement().satisfies(request -> {
            assertThat(request.model()).isEqualTo("risk");
            assertThat(request.baseline()).isEqualTo("1");
            assertThat(request.candidate()).isEqualTo("2");
            assertThat(request.window()).isEqualTo(Duration.ofMinutes(2));
            assertThat(request.metrics().get(0).maxDegradation()).isEqualTo(0.01);
        });

        backendDown = true;
        clock.advance(Duration.ofMinutes(30));
        engine.runOnce(); // monitoring cannot answer: no decision on missing data
        assertThat(experiments.find("risk-errors").orElseThrow().decision()).isNull();

        backendDown = false;
        errorRateStatus = MetricStatus.FAIL;
        engine.runOnce();

        Experiment done = experiments.find("risk-errors").orElseThrow();
        assertThat(done.status()).isEqualTo(ExperimentStatus.STOPPED);
        DecisionRecord decision = done.decision();
        assertThat(decision.kind()).isEqualTo(DecisionKind.STOP_FOR_HARM);
        assertThat(decision.reason())
                .startsWith("variant 'treatment' (version 2) harms monitoring guardrail 'error_rate': 0.25 against"
                        + " the control's 0.01 (version 1), difference 0.24 over the last PT10M;")
                .contains("more than the allowed 0.01");
        assertThat(decision.evidence())
                .containsEntry("controlValue", 0.01)
                .containsEntry("variantValue", 0.25)
                .containsEntry("difference", 0.24)
                .containsEntry("windowSeconds", 600.0);
        assertThat(audited).singleElement().satisfies(d -> assertThat(d.evidence())
                .containsEntry("variantValue", 0.25));
        assertThat(asked.get(asked.size() - 1).window()).isEqualTo(ExperimentComponent.GUARDRAIL_WINDOW);
    }
}
