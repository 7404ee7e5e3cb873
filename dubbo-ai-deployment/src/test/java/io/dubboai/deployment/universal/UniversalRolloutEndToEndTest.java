package io.dubboai.deployment.universal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dubboai.controlplane.rule.RouteRuleEditor;
import io.dubboai.controlplane.store.ConfigCenterDocumentStore;
import io.dubboai.controlplane.store.DocumentStore;
import io.dubboai.controlplane.zookeeper.EmbeddedZooKeeper;
import io.dubboai.core.rule.RouteRules;
import io.dubboai.deployment.rollout.DeploymentService;
import io.dubboai.deployment.rollout.DeploymentSpec;
import io.dubboai.deployment.rollout.ModelDeploymentComponent;
import io.dubboai.deployment.rollout.Rollout;
import io.dubboai.deployment.rollout.RolloutEvent;
import io.dubboai.deployment.rollout.RolloutPhase;
import io.dubboai.deployment.rollout.Strategy;
import io.dubboai.deployment.testing.RolloutHarness;
import io.dubboai.deployment.testing.RoutedTraffic;
import io.dubboai.monitor.control.scrape.MetricsScraper;
import io.dubboai.monitor.control.scrape.ScrapeAnalysis;
import io.dubboai.serving.TestModels;
import io.dubboai.serving.batch.BatchingConfig;
import io.dubboai.serving.engine.ModelConfig;
import io.dubboai.serving.engine.WarmupConfig;
import io.dubboai.serving.provider.AcceleratorDetector;
import io.dubboai.serving.provider.ModelServer;
import io.dubboai.serving.provider.ModelServerConfig;
import io.dubboai.serving.provider.QosConfig;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Universal mode on one machine, every part real: an embedded ZooKeeper is the Dubbo registry and config center;
 * {@link ModelServer}s serve versions 1, 2 and 3 of one model (each its own Triple port and {@code /metrics}); a
 * consumer with {@code dubbo-ai-router} calls the model without any pin, so the route rule's split decides; the
 * {@link ModelDeploymentComponent} walks the rollouts with gates judged by the analysis API on the providers' own
 * scraped metrics ({@link ScrapeAnalysis}), and a {@link RegisteredProvidersExecutor} waits for each version's
 * providers. Version 3's artifact takes an input named {@code features}, not {@code x}: every call to it fails (the
 * error injection).
 *
 * <p>Deploy v1 (rolling, the model's first version); canary v2 in four steps under traffic, which must succeed with
 * no failed call; v3 behind a shadow step (the router mirrors half the calls to it and discards its answers), which
 * the gate must roll back on the mirrored calls while no caller sees a failure; canary v3 without one, which the
 * error-rate gate must roll back, with failed calls within the budget and every later call served by v2. The figures (wall time of the canary, time from the failed gate to the last call that
 * reached v3, failed calls) are printed with the prefix {@code MEASURED}.
 */
class UniversalRolloutEndToEndTest {

    private static final String MODEL = "fraud";

    /** Failed calls the bad canary may cost: about 3 s of its 5 % share at ~100 calls/s, with room for slow CI. */
    private static final int FAILED_CALL_BUDGET = 60;

    @TempDir
    Path dir;

    @Test
    void canaryUnderRealTraffic_promotesAHealthyVersionAndRollsBackAFailingOne() throws Exception {
        List<AutoCloseable> closing = new ArrayList<>();
        List<ModelServer> servers = new ArrayList<>();
        try (EmbeddedZooKeeper zooKeeper = EmbeddedZooKeeper.start(Files.createDirectories(dir.resolve("zk")), 0)) {
            String address = zooKeeper.dubboAddress();
            TestModels.ModelFile good = TestModels.logisticRegression(Files.createDirectories(dir.resolve("good")), 7);
            TestModels.ModelFile broken = TestModels.mlp(Files.createDirectories(dir.resolve("broken")), 7);
            servers.add(server(address, "1", good));

            DocumentStore documents = ConfigCenterDocumentStore.open(address, "dubbo-ai");
            DocumentStore ruleStore = ConfigCenterDocumentStore.open(address, RouteRules.GROUP);
            closing.add(documents);
            closing.add(ruleStore);
            RouteRuleEditor rules = new RouteRuleEditor(ruleStore);
            RolloutHarness harness =
                    RolloutHarness.start(address, documents, rules, RegisteredProvidersExecutor::new, closing);
            MetricsScraper scraper = harness.scraper();
            DeploymentService deployments = harness.deployments();

            // v1: the model's first version, all traffic at once
            deployments.create(
                    spec("fraud-v1", "1", new Strategy("rolling", null, null, null, null, null, null, null)), "test");
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> phase(deployments, "fraud-v1") == RolloutPhase.SUCCEEDED);

            RoutedTraffic traffic = new RoutedTraffic(address, MODEL);
            closing.add(0, traffic);
            traffic.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> traffic.served("1") > 50);
            assertThat(traffic.failed()).isZero();

            // v2: a healthy 4-step canary under traffic
            servers.add(server(address, "2", good));
            // the consumer sees version 2's provider before the rollout starts (a pinned call reaches it)
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> traffic.pinned("2").equals("2"));
            long healthyFailuresBefore = traffic.failed();
            Instant canaryStart = Instant.now();
            deployments.create(spec("fraud-v2", "2", canary()), "test");
            await().atMost(Duration.ofSeconds(180))
                    .until(() -> phase(deployments, "fraud-v2").isFinal());
            Duration canaryWall = Duration.between(canaryStart, Instant.now());
            Rollout v2 = deployments.get("fraud-v2");
            assertThat(v2.phase())
                    .as("%s; %s; scraped %s", v2.events(), traffic, scraper.targets())
                    .isEqualTo(RolloutPhase.SUCCEEDED);
            assertThat(v2.events().stream()
                            .filter(e -> e.type().equals("StepStarted"))
                            .map(e -> e.weights().get("2")))
                    .containsExactly(5, 25, 50, 100);
            assertThat(v2.events().stream().filter(e -> e.type().equals("GatePassed")))
                    .hasSize(3)
                    .allSatisfy(e -> assertThat(e.metrics())
                            .allSatisfy(m -> assertThat(m.candidate()).isNotNull()));
            long servedBy2 = traffic.served("2");
            await().atMost(Duration.ofSeconds(30)).until(() -> traffic.served("2") > servedBy2 + 50);
            long healthyFailures = traffic.failed() - healthyFailuresBefore;
            assertThat(healthyFailures).isZero();

            // v3: its provider fails every call; the gate must roll it back
            servers.add(server(address, "3", broken));
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> traffic.pinned("3").contains("features"));
            // v3 behind a shadow step first: the router mirrors half the calls to it and discards its answers, so
            // the gate fails on the mirrored calls and rolls it back while every caller is served by v2
            long failuresBeforeShadow = traffic.failed();
            long served3BeforeShadow = traffic.served("3");
            deployments.create(spec("fraud-v3-shadow", "3", canary().withShadow(50, Duration.ofSeconds(6))), "test");
            await().atMost(Duration.ofSeconds(120))
                    .until(() -> phase(deployments, "fraud-v3-shadow").isFinal());
            Rollout shadowed = deployments.get("fraud-v3-shadow");
            assertThat(shadowed.phase()).as("%s", shadowed.events()).isEqualTo(RolloutPhase.ROLLED_BACK);
            assertThat(shadowed.shadowing())
                    .as("rolled back in the shadow step")
                    .isTrue();
            RolloutEvent shadowFailed = shadowed.events().stream()
                    .filter(e -> e.type().equals("GateFailed"))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no GateFailed event: " + shadowed.events()));
            assertThat(shadowFailed.message()).startsWith("shadow step (50 % mirrored)");
            assertThat(shadowFailed.metrics().get(0).candidate()).isGreaterThan(0.5);
            assertThat(traffic.failed()).as("callers see only v2's answers").isEqualTo(failuresBeforeShadow);
            assertThat(traffic.served("3")).isEqualTo(served3BeforeShadow);
            assertThat(rules.read(MODEL).orElseThrow().rule().orElseThrow().shadowTraffic())
                    .isEmpty();
            System.out.printf(
                    "MEASURED shadow step (50 %% mirrored): %s; %d ms from create to rolled back; caller failures: %d%n",
                    shadowFailed.message(),
                    Duration.between(shadowed.createdAt(), shadowed.finishedAt())
                            .toMillis(),
                    traffic.failed() - failuresBeforeShadow);

            long callsBefore = traffic.total();
            long failuresBefore = traffic.failed();
            deployments.create(spec("fraud-v3", "3", canary()), "test");
            await().atMost(Duration.ofSeconds(120))
                    .until(() -> phase(deployments, "fraud-v3").isFinal());
            Rollout v3 = deployments.get("fraud-v3");
            assertThat(v3.phase()).as("%s", v3.events()).isEqualTo(RolloutPhase.ROLLED_BACK);
            RolloutEvent gateFailed = v3.events().stream()
                    .filter(e -> e.type().equals("GateFailed"))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no GateFailed event: " + v3.events()));
            assertThat(gateFailed.metrics().get(0).metric()).isEqualTo("error_rate");
            assertThat(gateFailed.metrics().get(0).candidate()).isGreaterThan(0.5);
            RolloutEvent rolledBack = v3.events().get(v3.events().size() - 1);
            assertThat(rolledBack.type()).isEqualTo("RolledBack");
            assertThat(rolledBack.weights()).containsEntry("3", 0).containsEntry("2", 100);

            // after the rollback: only v2 serves, nothing fails
            long servedAfter = traffic.served("2");
            long failedAfterRollback = traffic.failed();
            await().atMost(Duration.ofSeconds(30)).until(() -> traffic.served("2") > servedAfter + 100);
            long rollbackFailures = failedAfterRollback - failuresBefore;
            assertThat(traffic.failed()).as("calls failed after the rollback").isEqualTo(failedAfterRollback);
            assertThat(rollbackFailures).isPositive().isLessThanOrEqualTo(FAILED_CALL_BUDGET);
            assertThat(traffic.served("3")).isZero();
            Instant lastFailure = traffic.lastFailure();
            long toZero = Duration.between(gateFailed.at(), lastFailure).toMillis();

            System.out.printf(
                    "MEASURED 4-step canary (3 s steps, checks every 1 s): %d ms wall; failed calls during it: %d%n",
                    canaryWall.toMillis(), healthyFailures);
            System.out.printf(
                    "MEASURED failed gate -> rule: %s; last failed call %d ms after the decision (negative: before);"
                            + " failed calls during the bad canary: %d of %d calls (budget %d)%n",
                    rolledBack.message(), toZero, rollbackFailures, traffic.total() - callsBefore, FAILED_CALL_BUDGET);
        } finally {
            for (AutoCloseable closeable : closing) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    // keep closing
                }
            }
            servers.forEach(ModelServer::close);
        }
    }

    private static RolloutPhase phase(DeploymentService deployments, String name) {
        return deployments.get(name).phase();
    }

    private static Strategy canary() {
        return new Strategy(
                "canary",
                List.of(5, 25, 50, 100),
                Duration.ofSeconds(3),
                List.of(
                        new Strategy.Gate("error_rate", 0.05, null, null, null),
                        new Strategy.Gate("latency_p99", 2.0, null, null, null)),
                Duration.ofSeconds(10),
                Duration.ofSeconds(1),
                5,
                null);
    }

    private static DeploymentSpec spec(String name, String version, Strategy strategy) {
        return new DeploymentSpec(name, MODEL, version, 1, null, null, null, null, null, null, strategy);
    }

    private static ModelServer server(String registry, String version, TestModels.ModelFile file) {
        ModelConfig model = ModelConfig.onnx(MODEL, version, file.uri(), file.sha256())
                .withBatching(BatchingConfig.DEFAULTS.withBatch(16, Duration.ofMillis(1)))
                .withWarmup(new WarmupConfig(1, 1, 1));
        ModelServerConfig config = ModelServerConfig.of(model, registry, "127.0.0.1", freePort())
                .withDrainTimeout(Duration.ofMillis(200))
                .withQos(QosConfig.loopback(0));
        return new ModelServer(config, AcceleratorDetector.system(), r -> {}).start();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
