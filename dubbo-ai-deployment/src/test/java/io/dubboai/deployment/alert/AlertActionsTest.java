package io.dubboai.deployment.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dubboai.controlplane.rule.RouteRuleEditor;
import io.dubboai.controlplane.rule.RouteRulePrecondition;
import io.dubboai.controlplane.store.FileDocumentStore;
import io.dubboai.core.rule.ModelRouteRule;
import io.dubboai.core.rule.TrafficSplit;
import io.dubboai.deployment.rollout.DeploymentService;
import io.dubboai.deployment.rollout.DeploymentSpec;
import io.dubboai.deployment.rollout.RolloutEvent;
import io.dubboai.deployment.rollout.RolloutPhase;
import io.dubboai.deployment.rollout.Strategy;
import io.dubboai.deployment.rollout.VersionExecutor;
import io.dubboai.monitor.control.alert.AlertNotification;
import io.dubboai.monitor.control.alert.AlertStatus;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The deployment module's alert actions on a real (file) document store, route-rule editor and deployment service. */
class AlertActionsTest {

    private static final String MODEL = "risk";

    @TempDir
    Path dir;

    private RouteRuleEditor rules;
    private DeploymentService deployments;
    private RollbackAlertAction rollback;
    private ShiftTrafficAwayAlertAction shift;

    @BeforeEach
    void setUp() {
        FileDocumentStore store = new FileDocumentStore(dir);
        rules = new RouteRuleEditor(store);
        VersionExecutor ready = new VersionExecutor() {
            @Override
            public String name() {
                return "test";
            }

            @Override
            public Optional<String> checkPlacement(DeploymentSpec spec) {
                return Optional.empty();
            }

            @Override
            public Readiness ensure(DeploymentSpec spec, String version, String owner) {
                return new Readiness(true, "ready");
            }

            @Override
            public void remove(DeploymentSpec spec, String version, String owner) {}
        };
        deployments = new DeploymentService(store, rules, (model, version) -> version, ready, Clock.systemUTC());
        rollback = new RollbackAlertAction(deployments);
        shift = new ShiftTrafficAwayAlertAction(deployments, rules);
    }

    @Test
    void rollbackRollsBackTheRunningCanaryOfTheAlertsVersionOnce() {
        rule(Map.of("1", 100));
        deployments.create(canary("risk-v2", "2"), "alice");

        rollback.onFiring(alert("2"));
        rollback.onFiring(alert("2"));

        assertThat(deployments.get("risk-v2").phase()).isEqualTo(RolloutPhase.ROLLING_BACK);
        assertThat(deployments.get("risk-v2").events())
                .extracting(RolloutEvent::message)
                .anySatisfy(message -> assertThat(message).contains("alert:risk-errors"));
    }

    @Test
    void rollbackLeavesOtherVersionsAlone() {
        rule(Map.of("1", 100));
        deployments.create(canary("risk-v2", "2"), "alice");

        rollback.onFiring(alert("1"));

        assertThat(deployments.get("risk-v2").phase()).isEqualTo(RolloutPhase.PENDING);
    }

    @Test
    void shiftTrafficAwayGivesTheVersionsShareToTheOthersInProportion() {
        rules.edit(
                MODEL,
                RouteRulePrecondition.ABSENT,
                current -> Optional.of(ModelRouteRule.builder(MODEL)
                        .traffic("1", 70)
                        .traffic("2", 20)
                        .traffic("3", 10)
                        .alias("challenger", "2")
                        .build()));

        shift.onFiring(alert("2"));
        shift.onFiring(alert("2"));

        ModelRouteRule after = rules.read(MODEL).orElseThrow().rule().orElseThrow();
        assertThat(after.traffic())
                .containsExactly(new TrafficSplit("1", 88), new TrafficSplit("2", 0), new TrafficSplit("3", 12));
        assertThat(after.resolveAlias("challenger")).hasValue("2");
    }

    @Test
    void shiftTrafficAwayRefusesToLeaveNoVersionOrFightARollout() {
        rule(Map.of("1", 100));
        assertThatThrownBy(() -> shift.onFiring(alert("1")))
                .hasMessageContaining("only version in the route rule of model 'risk'");

        deployments.create(canary("risk-v2", "2"), "alice");
        assertThatThrownBy(() -> shift.onFiring(alert("1")))
                .hasMessageContaining("deployment 'risk-v2' (PENDING) holds the traffic of model 'risk'");

        shift.onFiring(alert("2"));
        assertThat(deployments.get("risk-v2").phase()).isEqualTo(RolloutPhase.ROLLING_BACK);
        shift.onFiring(alert("2"));
    }

    @Test
    void shiftedSplitWithOnlyZeroWeightedOthersIsEven() {
        assertThat(ShiftTrafficAwayAlertAction.shifted(
                        MODEL,
                        List.of(new TrafficSplit("1", 0), new TrafficSplit("2", 0), new TrafficSplit("3", 100)),
                        "3"))
                .containsExactly(new TrafficSplit("1", 50), new TrafficSplit("2", 50), new TrafficSplit("3", 0));
    }

    private void rule(Map<String, Integer> weights) {
        rules.edit(MODEL, RouteRulePrecondition.ABSENT, current -> {
            ModelRouteRule.Builder builder = ModelRouteRule.builder(MODEL);
            weights.forEach(builder::traffic);
            return Optional.of(builder.build());
        });
    }

    private static DeploymentSpec canary(String name, String version) {
        return new DeploymentSpec(
                name,
                MODEL,
                version,
                1,
                null,
                null,
                null,
                null,
                null,
                null,
                new Strategy("canary", List.of(5, 100), Duration.ofSeconds(30), List.of(), null, null, null, null));
    }

    private static AlertNotification alert(String version) {
        Instant now = Instant.parse("2026-12-06T18:00:00Z");
        return new AlertNotification(
                "risk-errors/1/firing",
                "risk-errors",
                MODEL,
                version,
                AlertStatus.FIRING,
                1,
                now,
                now,
                "page",
                "error budget burning 14x",
                Map.of("burn_1h", 14.2),
                List.of("action:rollback"),
                Set.of(),
                0,
                null);
    }
}
