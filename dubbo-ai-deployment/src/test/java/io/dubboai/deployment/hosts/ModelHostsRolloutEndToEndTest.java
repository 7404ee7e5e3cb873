package io.dubboai.deployment.hosts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dubboai.controlplane.fleet.Assignment;
import io.dubboai.controlplane.fleet.FleetDocuments;
import io.dubboai.controlplane.fleet.HostAssignments;
import io.dubboai.controlplane.fleet.HostStatus;
import io.dubboai.controlplane.fleet.ServedState;
import io.dubboai.controlplane.fleet.ServedVersion;
import io.dubboai.controlplane.rule.RouteRuleEditor;
import io.dubboai.controlplane.store.ConfigCenterDocumentStore;
import io.dubboai.controlplane.store.DocumentStore;
import io.dubboai.controlplane.store.JsonDocuments;
import io.dubboai.controlplane.zookeeper.EmbeddedZooKeeper;
import io.dubboai.core.rule.RouteRules;
import io.dubboai.deployment.rollout.DeploymentService;
import io.dubboai.deployment.rollout.DeploymentSpec;
import io.dubboai.deployment.rollout.ModelDeploymentComponent;
import io.dubboai.deployment.rollout.Rollout;
import io.dubboai.deployment.rollout.RolloutEvent;
import io.dubboai.deployment.rollout.RolloutPhase;
import io.dubboai.deployment.rollout.Strategy;
import io.dubboai.deployment.spring.ModelDeploymentAutoConfiguration;
import io.dubboai.deployment.testing.RolloutHarness;
import io.dubboai.deployment.testing.RoutedTraffic;
import io.dubboai.modelhost.ModelHost;
import io.dubboai.modelhost.ModelHostConfig;
import io.dubboai.monitor.control.scrape.MetricsScraper;
import io.dubboai.monitor.control.scrape.ScrapeAnalysis;
import io.dubboai.monitor.control.spring.ModelMonitoringAutoConfiguration;
import io.dubboai.serving.TestModels;
import io.dubboai.serving.provider.AcceleratorDetector;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The {@code hosts} executor with real model hosts, every part real and on one machine: an embedded ZooKeeper is the
 * Dubbo registry, the config center and the fleet's document store; the model registry (its REST API, artifacts in a
 * directory) holds versions 1, 2 and 3 of one model; three {@link ModelHost}s in this JVM load what their assignments
 * name; a consumer with {@code dubbo-ai-router} calls the model without any pin, so the route rule's split decides; the
 * {@link ModelDeploymentComponent} with a {@link ModelHostsExecutor} places each version on a host and walks the
 * rollouts, its gates judged by the analysis API on the hosts' own scraped {@code /metrics} ({@link ScrapeAnalysis}).
 *
 * <p>Version 3's artifact takes an input named {@code features}, not {@code x} (registered with that signature, so the
 * host loads it): every call to it fails — the error injection.
 *
 * <p>Deploy v1 (rolling); canary v2 in four steps under traffic, which must succeed with no failed call and leave v1
 * unassigned; canary v3, which the error-rate gate must roll back, with failed calls within the budget, v3 unassigned
 * and v2 still served. Then a fourth host, in a child JVM, is killed right after its last heartbeat, so the next canary
 * (v1 again) is placed on it; once its heartbeat is stale the replica moves to a live host and the canary succeeds with
 * no failed call. The figures are printed with the prefix {@code MEASURED}.
 */
class ModelHostsRolloutEndToEndTest {

    private static final String MODEL = "fraud";

    /** Failed calls the bad canary may cost: about 3 s of its 5 % share at ~100 calls/s, with room for slow CI. */
    private static final int FAILED_CALL_BUDGET = 60;

    @TempDir
    Path dir;

    @SpringBootConfiguration
    @EnableAutoConfiguration(exclude = {ModelDeploymentAutoConfiguration.class, ModelMonitoringAutoConfiguration.class})
    static class RegistryApplication {}

    @Test
    void canaryOnModelHosts_promotesAHealthyVersionAndRollsBackAFailingOne() throws Exception {
        List<AutoCloseable> closing = new ArrayList<>();
        List<ModelHost> hosts = new ArrayList<>();
        ConfigurableApplicationContext registry = null;
        // ZooKeeper outlives everything else: hosts and clients closed after it would wait for it to come back
        EmbeddedZooKeeper zooKeeper = EmbeddedZooKeeper.start(Files.createDirectories(dir.resolve("zk")), 0);
        try {
            String address = zooKeeper.dubboAddress();
            registry = new SpringApplicationBuilder(RegistryApplication.class)
                    .properties(
                            "server.port=0",
                            "server.address=127.0.0.1",
                            "spring.main.banner-mode=off",
                            "dubbo.ai.registry.store.address=" + address,
                            "dubbo.ai.registry.artifacts.type=file",
                            "dubbo.ai.registry.artifacts.file-root=" + dir.resolve("artifacts"),
                            "dubbo.ai.registry.security.allow-anonymous-writes=true")
                    .run();
            Registry models =
                    new Registry("http://127.0.0.1:" + registry.getEnvironment().getProperty("local.server.port"));
            models.register(MODEL, TestModels.logisticRegression(Files.createDirectories(dir.resolve("v1")), 7));
            models.register(MODEL, TestModels.logisticRegression(Files.createDirectories(dir.resolve("v2")), 8));
            // the error injection: a model whose input is 'features', so the consumer's 'x' fails on every call
            models.register(MODEL, TestModels.mlp(Files.createDirectories(dir.resolve("v3")), 7));
            for (String id : List.of("host-a", "host-b", "host-c")) {
                hosts.add(host(id, address, models.baseUrl));
            }

            DocumentStore documents = ConfigCenterDocumentStore.open(address, "dubbo-ai");
            DocumentStore ruleStore = ConfigCenterDocumentStore.open(address, RouteRules.GROUP);
            DocumentStore fleet = ConfigCenterDocumentStore.open(address, FleetDocuments.DEFAULT_GROUP);
            closing.add(documents);
            closing.add(ruleStore);
            closing.add(fleet);
            JsonDocuments<HostAssignments> assignments = new JsonDocuments<>(fleet, HostAssignments.class);
            JsonDocuments<HostStatus> statuses = new JsonDocuments<>(fleet, HostStatus.class);
            RouteRuleEditor rules = new RouteRuleEditor(ruleStore);
            RolloutHarness harness = RolloutHarness.start(
                    address,
                    documents,
                    rules,
                    discovery -> new ModelHostsExecutor(fleet, Clock.systemUTC(), Duration.ofSeconds(10)),
                    closing);
            MetricsScraper scraper = harness.scraper();
            DeploymentService deployments = harness.deployments();

            // v1: the model's first version, placed on a host, all traffic at once
            deployments.create(
                    spec("fraud-v1", "1", new Strategy("rolling", null, null, null, null, null, null, null)), "test");
            await().atMost(Duration.ofSeconds(90))
                    .until(() -> phase(deployments, "fraud-v1") == RolloutPhase.SUCCEEDED);
            assertThat(holders(assignments, "1")).hasSize(1);

            RoutedTraffic traffic = new RoutedTraffic(address, MODEL);
            closing.add(0, traffic);
            // the consumer has heard of version 1's provider URL before the loop starts
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> traffic.pinned("1").equals("1"));
            traffic.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> traffic.served("1") > 50);
            assertThat(traffic.failed()).isZero();

            // v2: a healthy 4-step canary under traffic; the executor places it and waits for READY
            long healthyFailuresBefore = traffic.failed();
            Instant canaryStart = Instant.now();
            deployments.create(spec("fraud-v2", "2", canary()), "test");
            await().atMost(Duration.ofSeconds(180))
                    .until(() -> phase(deployments, "fraud-v2").isFinal());
            Duration canaryWall = Duration.between(canaryStart, Instant.now());
            Rollout v2 = deployments.get("fraud-v2");
            assertThat(v2.phase())
                    .as("%s; traffic %s; scraped %s", v2.events(), traffic, scraper.targets())
                    .isEqualTo(RolloutPhase.SUCCEEDED);
            assertThat(v2.events().stream()
                            .filter(e -> e.type().equals("StepStarted"))
                            .map(e -> e.weights().get("2")))
                    .containsExactly(5, 25, 50, 100);
            assertThat(v2.events().stream().filter(e -> e.type().equals("GatePassed")))
                    .hasSize(3)
                    .allSatisfy(e -> assertThat(e.metrics())
                            .allSatisfy(m -> assertThat(m.candidate()).isNotNull()));
            List<String> v2Hosts = holders(assignments, "2");
            assertThat(v2Hosts).hasSize(1);
            assertThat(holders(assignments, "1")).doesNotContainAnyElementsOf(v2Hosts);
            long servedBy2 = traffic.served("2");
            await().atMost(Duration.ofSeconds(30)).until(() -> traffic.served("2") > servedBy2 + 50);
            // v1 is taken off its host after the switch and unloaded there
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> holders(assignments, "1").isEmpty());
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> servedAnywhere(statuses, hosts, "1").isEmpty());
            long healthyFailures = traffic.failed() - healthyFailuresBefore;
            assertThat(healthyFailures)
                    .as("failed calls in the healthy canary: %s", traffic)
                    .isZero();

            // v3: every call to it fails; the gate must roll it back
            long callsBefore = traffic.total();
            long failuresBefore = traffic.failed();
            deployments.create(spec("fraud-v3", "3", canary()), "test");
            await().atMost(Duration.ofSeconds(120))
                    .until(() -> phase(deployments, "fraud-v3").isFinal());
            Rollout v3 = deployments.get("fraud-v3");
            long badCanaryCalls = traffic.total() - callsBefore;
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

            // after the rollback: v3 unassigned, v2 untouched and serving every call
            assertThat(holders(assignments, "3")).isEmpty();
            assertThat(holders(assignments, "2")).isEqualTo(v2Hosts);
            long servedAfter = traffic.served("2");
            long failedAfterRollback = traffic.failed();
            await().atMost(Duration.ofSeconds(30)).until(() -> traffic.served("2") > servedAfter + 100);
            long rollbackFailures = failedAfterRollback - failuresBefore;
            assertThat(traffic.failed()).as("calls failed after the rollback").isEqualTo(failedAfterRollback);
            assertThat(rollbackFailures).isPositive().isLessThanOrEqualTo(FAILED_CALL_BUDGET);
            assertThat(traffic.served("3")).isZero();
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> servedAnywhere(statuses, hosts, "3").isEmpty());
            assertThat(servedAnywhere(statuses, hosts, "2")).singleElement().satisfies(v -> assertThat(v.state())
                    .isEqualTo(ServedState.READY));
            long toZero =
                    Duration.between(gateFailed.at(), traffic.lastFailure()).toMillis();

            // a host that dies after its last heartbeat is still chosen (it has the most free memory); it never
            // reports, and once its heartbeat is stale the replica moves to a live host and the canary goes on
            Process dead = childHost("host-d", address, models.baseUrl);
            closing.add(dead::destroyForcibly);
            await().atMost(Duration.ofSeconds(90))
                    .until(() -> statuses.read(FleetDocuments.hostKey("host-d")).isPresent());
            dead.destroyForcibly().waitFor();
            Instant killed = Instant.now();
            long failuresBeforeMove = traffic.failed();
            deployments.create(spec("fraud-v1-again", "1", canary()), "test");
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> holders(assignments, "1").contains("host-d"));
            await().atMost(Duration.ofSeconds(180))
                    .until(() -> phase(deployments, "fraud-v1-again").isFinal());
            Rollout again = deployments.get("fraud-v1-again");
            assertThat(again.phase()).as("%s", again.events()).isEqualTo(RolloutPhase.SUCCEEDED);
            RolloutEvent candidateReady = again.events().stream()
                    .filter(e -> e.type().equals("CandidateReady"))
                    .findFirst()
                    .orElseThrow();
            // the dead host's entry was removed once the replacement was assigned
            assertThat(candidateReady.message()).doesNotContain("host-d");
            List<String> movedTo = holders(assignments, "1");
            assertThat(movedTo).hasSize(1).doesNotContain("host-d");
            long movedFailures = traffic.failed() - failuresBeforeMove;
            assertThat(movedFailures)
                    .as("failed calls while the replica moved: %s", traffic)
                    .isZero();
            long killToReady = Duration.between(killed, candidateReady.at()).toMillis();

            System.out.printf(
                    "MEASURED model hosts: 4-step canary (3 s steps, checks every 1 s), create -> SUCCEEDED: %d ms"
                            + " wall (placement and load included); failed calls during it: %d%n",
                    canaryWall.toMillis(), healthyFailures);
            System.out.printf(
                    "MEASURED model hosts: failed gate -> rule: %s; last failed call %d ms after the decision"
                            + " (negative: before); failed calls during the bad canary: %d of %d calls (budget %d)%n",
                    rolledBack.message(), toZero, rollbackFailures, badCanaryCalls, FAILED_CALL_BUDGET);
            System.out.printf(
                    "MEASURED model hosts: host killed after its last heartbeat, chosen for a canary: replica moved"
                            + " to %s, candidate ready %d ms after the kill (stale-after 10 s, ready delay 5 s);"
                            + " failed calls: %d%n",
                    movedTo, killToReady, movedFailures);
        } finally {
            for (AutoCloseable closeable : closing) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    // keep closing
                }
            }
            hosts.forEach(ModelHost::close);
            if (registry != null) {
                registry.close();
            }
            zooKeeper.close();
        }
    }

    private static RolloutPhase phase(DeploymentService deployments, String name) {
        return deployments.get(name).phase();
    }

    /** Hosts whose assignments hold the version. */
    private static List<String> holders(JsonDocuments<HostAssignments> assignments, String version) {
        List<String> holders = new ArrayList<>();
        for (String id : List.of("host-a", "host-b", "host-c", "host-d")) {
            assignments.read(FleetDocuments.assignmentsKey(id)).ifPresent(doc -> {
                for (Assignment a : doc.versions()) {
                    if (a.model().equals(MODEL) && a.version().equals(version)) {
                        holders.add(id);
                    }
                }
            });
        }
        return holders;
    }

    /** What the hosts report for the version, host by host. */
    private static List<ServedVersion> servedAnywhere(
            JsonDocuments<HostStatus> statuses, List<ModelHost> hosts, String version) {
        List<ServedVersion> served = new ArrayList<>();
        for (ModelHost host : hosts) {
            statuses.read(FleetDocuments.hostKey(host.config().hostId())).ifPresent(status -> status.versions().stream()
                    .filter(v -> v.model().equals(MODEL) && v.version().equals(version))
                    .forEach(served::add));
        }
        return served;
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

    /** A started model host on loopback: its own Triple and QoS ports, short heartbeats. */
    private ModelHost host(String id, String registryAddress, String modelRegistryUrl) {
        Map<String, String> settings = new HashMap<>();
        settings.put("dubbo.ai.host.id", id);
        settings.put("dubbo.ai.host.registry-address", registryAddress);
        settings.put("dubbo.ai.host.port", Integer.toString(freePort()));
        settings.put("dubbo.ai.host.qos-port", "0");
        settings.put("dubbo.ai.host.memory-budget-bytes", Long.toString(256L << 20));
        settings.put("dubbo.ai.host.heartbeat-interval-ms", "500");
        settings.put("dubbo.ai.host.drain-grace-ms", "12000");
        settings.put("dubbo.ai.host.drain-timeout-ms", "5000");
        settings.put("dubbo.ai.host.cache-dir", dir.resolve("cache-" + id).toString());
        settings.put("dubbo.ai.host.model-registry-url", modelRegistryUrl);
        settings.put("dubbo.ai.host.artifact-schemes", "file");
        return new ModelHost(
                        ModelHostConfig.fromProperties(settings),
                        new AcceleratorDetector(command -> Optional.empty()),
                        Clock.systemUTC())
                .start();
    }

    /**
     * A model host in a child JVM ({@link io.dubboai.modelhost.ModelHostMain}), its output in a file; it can die
     * alone (hosts in this JVM cannot: closing one closes every Triple port of the JVM). Biggest memory budget.
     */
    private Process childHost(String id, String registryAddress, String modelRegistryUrl) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-XX:+UseSerialGC",
                "-cp",
                System.getProperty("java.class.path"),
                "-Ddubbo.network.interface.ignored=.*",
                "-Ddubbo.ai.host.id=" + id,
                "-Ddubbo.ai.host.registry-address=" + registryAddress,
                "-Ddubbo.ai.host.port=" + freePort(),
                "-Ddubbo.ai.host.qos-port=0",
                "-Ddubbo.ai.host.memory-budget-bytes=" + (1L << 30),
                "-Ddubbo.ai.host.heartbeat-interval-ms=500",
                "-Ddubbo.ai.host.cache-dir=" + dir.resolve("cache-" + id),
                "-Ddubbo.ai.host.model-registry-url=" + modelRegistryUrl,
                "-Ddubbo.ai.host.artifact-schemes=file",
                "io.dubboai.modelhost.ModelHostMain"));
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve(id + ".log").toFile())
                .start();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The model registry's REST API: registers versions with their artifacts. */
    private static final class Registry {
        private final String baseUrl;
        private final HttpClient http = HttpClient.newHttpClient();
        private final ObjectMapper json = new ObjectMapper();

        Registry(String baseUrl) {
            this.baseUrl = baseUrl;
        }

        void register(String model, TestModels.ModelFile file) throws IOException, InterruptedException {
            send("POST", "/api/v1/ai/models", "{\"name\":\"" + model + "\"}", "application/json", true);
            JsonNode created = send(
                    "POST", "/api/v1/ai/models/" + model + "/versions", "{\"format\":\"onnx\"}", "application/json");
            send(
                    "PUT",
                    "/api/v1/ai/models/" + model + "/versions/"
                            + created.path("version").asText() + "/artifact?fileName=model.onnx",
                    Files.readAllBytes(file.path()),
                    "application/octet-stream");
        }

        private JsonNode send(String method, String path, Object body, String type)
                throws IOException, InterruptedException {
            return send(method, path, body, type, false);
        }

        private JsonNode send(String method, String path, Object body, String type, boolean conflictIsFine)
                throws IOException, InterruptedException {
            HttpRequest.BodyPublisher publisher = body instanceof byte[] bytes
                    ? HttpRequest.BodyPublishers.ofByteArray(bytes)
                    : HttpRequest.BodyPublishers.ofString((String) body);
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create(baseUrl + path))
                            .header("Content-Type", type)
                            .method(method, publisher)
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 300 && !(conflictIsFine && response.statusCode() == 409)) {
                throw new IllegalStateException(
                        method + " " + path + " answered " + response.statusCode() + ": " + response.body());
            }
            return json.readTree(response.body());
        }
    }
}
