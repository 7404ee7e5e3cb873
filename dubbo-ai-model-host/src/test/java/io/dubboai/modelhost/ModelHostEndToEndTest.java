package io.dubboai.modelhost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.JsonNode;
import io.dubboai.controlplane.fleet.Assignment;
import io.dubboai.controlplane.fleet.FleetDocuments;
import io.dubboai.controlplane.fleet.HostIndex;
import io.dubboai.controlplane.fleet.HostStatus;
import io.dubboai.controlplane.fleet.ServedState;
import io.dubboai.controlplane.fleet.ServedVersion;
import io.dubboai.controlplane.store.JsonDocuments;
import io.dubboai.core.contract.ModelProviderParams;
import io.dubboai.monitor.metrics.InputSketches;
import io.dubboai.serving.ErrorKind;
import io.dubboai.serving.ServingException;
import io.dubboai.serving.TestModels;
import io.dubboai.serving.client.InferRequests;
import io.dubboai.serving.client.InferResults;
import io.dubboai.serving.client.ModelRouting;
import io.dubboai.serving.oip.grpc.GRPCInferenceService;
import io.dubboai.serving.oip.grpc.ModelInferRequest;
import io.dubboai.serving.oip.grpc.ModelInferResponse;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.dubbo.common.URL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Model hosts end to end on one machine: embedded ZooKeeper, S3Mock, the registry's REST API, two (for the S3 outage,
 * three) model hosts in this JVM, and a Dubbo consumer discovering them in the registry.
 */
class ModelHostEndToEndTest {

    private static final long BUDGET = 64L << 20;

    static FleetFixture fleet;
    static ModelHost hostA;
    static ModelHost hostB;
    static GRPCInferenceService consumer;

    @BeforeAll
    static void startFleet() throws Exception {
        // every served call sampled for the input sketches, so that each version of a host has some
        System.setProperty(InputSketches.SAMPLE_RATE, "1");
        fleet = new FleetFixture();
        hostA = fleet.host("host-a", BUDGET, fleet.s3Endpoint());
        hostB = fleet.host("host-b", BUDGET, fleet.s3Endpoint());
        consumer = fleet.consumer();
    }

    @AfterAll
    static void stopFleet() {
        System.clearProperty(InputSketches.SAMPLE_RATE);
        extraHosts.forEach(ModelHost::close);
        if (hostA != null) {
            hostA.close();
        }
        if (hostB != null) {
            hostB.close();
        }
        if (fleet != null) {
            fleet.close();
        }
    }

    private static long register(String model, Path dir) throws Exception {
        TestModels.ModelFile file = TestModels.logisticRegression(dir, 7);
        fleet.createVersion(model, "{\"format\":\"onnx\"}");
        JsonNode uploaded = fleet.upload(model, 1, "model.onnx", Files.readAllBytes(file.path()));
        assertThat(uploaded.path("artifactUri").asText()).startsWith("s3://models/registry/");
        assertThat(uploaded.path("signature").path("inputs")).isNotEmpty();
        return uploaded.path("version").asLong();
    }

    private static ModelInferRequest request(String model) {
        return InferRequests.forModel(model)
                .input("x", TestModels.features(1, 3))
                .build();
    }

    private static ServedState state(String hostId, String model, String version) {
        return fleet.served(hostId, model, version).map(ServedVersion::state).orElse(null);
    }

    private static HostStatus status(String hostId) {
        return fleet.statuses.read(FleetDocuments.hostKey(hostId)).orElseThrow();
    }

    @Test
    void reassignUnderLoadShouldFailNoCallAndGiveTheMemoryBack() throws Exception {
        long version = register("risk", Files.createDirectories(fleet.temp.resolve("risk")));
        String v = Long.toString(version);
        Assignment risk = new Assignment("risk", v, "operator:test");
        assertThat(new JsonDocuments<>(fleet.documents, HostIndex.class)
                        .read(FleetDocuments.HOST_INDEX_KEY)
                        .orElseThrow()
                        .hosts())
                .contains("host-a", "host-b");

        fleet.assign("host-a", List.of(risk));
        await().atMost(Duration.ofSeconds(60)).until(() -> state("host-a", "risk", v) == ServedState.READY);
        assertThat(status("host-a").freeMemoryBytes()).isLessThan(BUDGET);
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> consumer.modelInfer(request("risk"))
                .getModelVersion()
                .equals(v));

        // the answer names the version, in its body and in the served-version attachment, as a single-model provider's
        assertThat(consumer.modelInfer(request("risk")).getModelVersion()).isEqualTo(v);
        assertThat(ModelRouting.servedVersion()).hasValue(v);

        // steady load while the version moves from host A to host B
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger succeeded = new AtomicInteger();
        List<Throwable> failures = new ArrayList<>();
        Map<String, Integer> servedBy = new ConcurrentHashMap<>();
        ExecutorService callers = Executors.newFixedThreadPool(4);
        CountDownLatch done = new CountDownLatch(4);
        for (int i = 0; i < 4; i++) {
            callers.execute(() -> {
                try {
                    while (running.get()) {
                        try {
                            ModelInferResponse response = consumer.modelInfer(request("risk"));
                            servedBy.merge(response.getModelVersion(), 1, Integer::sum);
                            succeeded.incrementAndGet();
                        } catch (RuntimeException e) {
                            synchronized (failures) {
                                failures.add(e);
                            }
                        }
                    }
                } finally {
                    done.countDown();
                }
            });
        }
        await().until(() -> succeeded.get() > 20);
        fleet.assign("host-b", List.of(risk));
        await().atMost(Duration.ofSeconds(60)).until(() -> state("host-b", "risk", v) == ServedState.READY);
        fleet.assign("host-a", List.of());
        await().atMost(Duration.ofSeconds(30))
                .until(() -> status("host-a").versions().isEmpty());
        int atRemoval = succeeded.get();
        await().until(() -> succeeded.get() > atRemoval + 20);
        running.set(false);
        assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
        callers.shutdown();

        // the registry sees where the version is served, and lets the alias move without force
        JsonNode serving =
                fleet.call("GET", "/api/v1/ai/models/risk/versions/" + v + "/serving", "", "application/json");
        assertThat(serving.path("readyProviders").asInt()).isPositive();
        assertThat(serving.path("hosts").toString()).contains("host-b").contains("READY");
        fleet.call("PUT", "/api/v1/ai/models/risk/aliases/champion", "{\"version\":" + v + "}", "application/json");

        assertThat(failures).as("calls failed during the reassignment").isEmpty();
        assertThat(servedBy).containsOnlyKeys(v);
        assertThat(status("host-a").freeMemoryBytes()).isEqualTo(BUDGET);
        assertThat(status("host-b").versions()).extracting(ServedVersion::state).containsExactly(ServedState.READY);

        fleet.assign("host-b", List.of());
        await().atMost(Duration.ofSeconds(30))
                .until(() -> status("host-b").versions().isEmpty());
        assertThat(status("host-b").freeMemoryBytes()).isEqualTo(BUDGET);
    }

    @Test
    void badAssignmentsShouldFailPreciselyWhileTheHostKeepsServing() throws Exception {
        Path dir = Files.createDirectories(fleet.temp.resolve("bad"));
        long good = register("fraud", dir);
        byte[] onnx = Files.readAllBytes(TestModels.logisticRegression(dir, 11).path());
        String onnxSha = io.dubboai.serving.artifact.ArtifactResolver.sha256(
                "x", TestModels.logisticRegression(dir, 11).path());

        // a corrupt artifact: the right checksum, but not a model
        byte[] garbage = {0x08, 0x07, 0x12, 0x7f, 0x01, 0x02, 0x03};
        String garbageUri = fleet.putObject("external/corrupt/model.bin", garbage);
        String garbageSha = sha(garbage);
        fleet.createVersion("corrupt", "{\"artifactUri\":\"" + garbageUri + "\",\"checksum\":\"" + garbageSha + "\"}");
        // a checksum that does not match the stored bytes
        String mismatchUri = fleet.putObject("external/mismatch/model.bin", onnx);
        fleet.createVersion(
                "mismatch", "{\"artifactUri\":\"" + mismatchUri + "\",\"checksum\":\"" + "0".repeat(64) + "\"}");
        // a registered signature the artifact does not have
        String signatureUri = fleet.putObject("external/signature/model.bin", onnx);
        fleet.createVersion(
                "signature",
                "{\"artifactUri\":\"" + signatureUri + "\",\"checksum\":\"" + onnxSha + "\","
                        + "\"signature\":{\"inputs\":[{\"name\":\"pixels\",\"datatype\":\"FP32\",\"shape\":[-1,784]}],"
                        + "\"outputs\":[{\"name\":\"digit\",\"datatype\":\"FP32\",\"shape\":[-1,10]}]}}");
        // more memory than the host has
        String bigUri = fleet.putObject("external/big/model.bin", onnx);
        fleet.createVersion(
                "big",
                "{\"artifactUri\":\"" + bigUri + "\",\"checksum\":\"" + onnxSha + "\","
                        + "\"params\":{\"serving.memory-bytes\":\"" + (BUDGET * 4) + "\"}}");

        fleet.assign(
                "host-a",
                List.of(
                        new Assignment("fraud", Long.toString(good), null),
                        new Assignment("corrupt", "1", null),
                        new Assignment("mismatch", "1", null),
                        new Assignment("signature", "1", null),
                        new Assignment("big", "1", null)));
        await().atMost(Duration.ofSeconds(60))
                .until(() -> status("host-a").versions().stream().noneMatch(s -> s.state() == ServedState.LOADING)
                        && status("host-a").versions().size() == 5);

        assertThat(state("host-a", "fraud", "1")).isEqualTo(ServedState.READY);
        assertThat(fleet.served("host-a", "corrupt", "1").orElseThrow())
                .satisfies(s -> assertThat(s.state()).isEqualTo(ServedState.FAILED))
                .satisfies(s -> assertThat(s.reason()).contains("corrupt"));
        assertThat(fleet.served("host-a", "mismatch", "1").orElseThrow())
                .satisfies(s -> assertThat(s.state()).isEqualTo(ServedState.FAILED))
                .satisfies(s -> assertThat(s.reason()).contains("but " + "0".repeat(64) + " was expected"));
        assertThat(fleet.served("host-a", "signature", "1").orElseThrow())
                .satisfies(s -> assertThat(s.state()).isEqualTo(ServedState.FAILED))
                .satisfies(s -> assertThat(s.reason()).contains("pixels").contains("x"));
        assertThat(fleet.served("host-a", "big", "1").orElseThrow())
                .satisfies(s -> assertThat(s.state()).isEqualTo(ServedState.REFUSED))
                .satisfies(s -> assertThat(s.reason())
                        .contains("needs " + (BUDGET * 4) + " bytes")
                        .contains(BUDGET + "-byte budget"));
        // no alias may point at a version that no provider serves, unless forced
        assertThatThrownBy(() -> fleet.call(
                        "PUT", "/api/v1/ai/models/corrupt/aliases/champion", "{\"version\":1}", "application/json"))
                .hasMessageContaining("409")
                .hasMessageContaining("has no ready provider")
                .hasMessageContaining("host-a FAILED");
        fleet.call(
                "PUT", "/api/v1/ai/models/corrupt/aliases/champion?force=true", "{\"version\":1}", "application/json");
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> consumer.modelInfer(request("fraud"))
                .getModelVersion()
                .equals("1"));

        // S3 unreachable from a third host: that version fails, nothing else is touched
        ModelHost hostC = fleet.host("host-c", BUDGET, "http://127.0.0.1:" + FleetFixture.freePort());
        try {
            fleet.assign("host-c", List.of(new Assignment("fraud", Long.toString(good), null)));
            await().atMost(Duration.ofSeconds(60)).until(() -> state("host-c", "fraud", "1") == ServedState.FAILED);
            assertThat(fleet.served("host-c", "fraud", "1").orElseThrow().reason())
                    .contains("cannot reach S3");
            assertThat(state("host-a", "fraud", "1")).isEqualTo(ServedState.READY);
        } finally {
            fleet.assign("host-c", List.of());
        }

        fleet.assign("host-a", List.of());
        await().atMost(Duration.ofSeconds(30))
                .until(() -> status("host-a").versions().isEmpty());
        assertThat(status("host-a").freeMemoryBytes()).isEqualTo(BUDGET);
        // host C is closed with the others at the end: closing Dubbo now would close every Triple port of the JVM
        extraHosts.add(hostC);
    }

    @Test
    void twoVersionsOfOneModelOnOneHostShouldEachAnswerTheCallsRoutedToThem() throws Exception {
        // two versions of one model whose answers differ, both served by host B
        String model = "twins";
        Map<String, Float> expected = new HashMap<>();
        for (int v = 1; v <= 2; v++) {
            Path dir = Files.createDirectories(fleet.temp.resolve(model + v));
            TestModels.ModelFile file = TestModels.logisticRegression(dir, 100 + v);
            fleet.createVersion(model, "{\"format\":\"onnx\"}");
            assertThat(fleet.upload(model, v, "model.onnx", Files.readAllBytes(file.path()))
                            .path("version")
                            .asInt())
                    .isEqualTo(v);
            expected.put(Integer.toString(v), probability(file.path()));
        }
        assertThat(expected.get("1")).isNotEqualTo(expected.get("2"));
        fleet.assign("host-b", List.of(new Assignment(model, "1", null), new Assignment(model, "2", null)));
        await().atMost(Duration.ofSeconds(60))
                .until(() -> state("host-b", model, "1") == ServedState.READY
                        && state("host-b", model, "2") == ServedState.READY);
        fleet.publishRouteRule(
                model,
                "configVersion: v1\nmodel: twins\ntraffic: [ {version: \"1\", weight: 50}, {version: \"2\", weight: 50} ]\n"
                        + "aliases: { champion: \"2\" }\n");
        // the consumer has heard of both provider URLs once a pinned call reaches each
        for (String v : List.of("1", "2")) {
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
                ModelRouting.pinVersion(v);
                return consumer.modelInfer(request(model)).getModelVersion().equals(v);
            });
        }

        // each version's provider URL publishes the host's metrics port, as a single-model provider's does
        assertThat(registeredMetricsPorts(model))
                .containsOnly(Integer.toString(hostB.qosPort().orElseThrow()))
                .hasSize(2);
        double servedBefore1 = served(hostB, model, "1");
        double servedBefore2 = served(hostB, model, "2");

        // weighted 50/50: every answer is the routed version's own output, and the split holds
        Map<String, Integer> counts = new HashMap<>();
        int calls = 400;
        for (int i = 0; i < calls; i++) {
            ModelInferResponse response = consumer.modelInfer(request(model));
            String served = ModelRouting.servedVersion().orElseThrow();
            assertThat(response.getModelVersion()).isEqualTo(served);
            assertThat(InferResults.of(response).matrix("probability")[0][0])
                    .as("output of a call served by version %s", served)
                    .isEqualTo(expected.get(served));
            counts.merge(served, 1, Integer::sum);
        }
        // 50/50 over 400 calls: sd 10; 5 sd either side
        assertThat(counts.get("1")).isBetween(150, 250);
        assertThat(counts.get("2")).isBetween(150, 250);
        // the host's /metrics counts each call under the version that served it
        assertThat(served(hostB, model, "1") - servedBefore1)
                .isEqualTo(counts.get("1").doubleValue());
        assertThat(served(hostB, model, "2") - servedBefore2)
                .isEqualTo(counts.get("2").doubleValue());
        assertThat(fleet.metric(hostB, "dubbo_ai_model_latency_seconds_count", Map.of("model", model, "version", "2")))
                .isGreaterThanOrEqualTo(counts.get("2"));
        assertThat(fleet.metric(hostB, "dubbo_ai_model_batch_size_rows_count", Map.of("model", model, "version", "1")))
                .isPositive();
        // and its aiSketches command has input sketches of each version
        await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> fleet.qos(hostB, "/aiSketches"),
                        sketches -> sketches.contains("{\"model\":\"twins\",\"version\":\"1\"")
                                && sketches.contains("{\"model\":\"twins\",\"version\":\"2\""));

        // an alias: every call answered by version 2
        for (int i = 0; i < 50; i++) {
            ModelRouting.alias("champion");
            ModelInferResponse response = consumer.modelInfer(request(model));
            assertThat(ModelRouting.servedVersion()).hasValue("2");
            assertThat(InferResults.of(response).matrix("probability")[0][0]).isEqualTo(expected.get("2"));
        }

        // a request naming another version than the router chose is refused with the reason
        ModelRouting.alias("champion");
        assertThatThrownBy(() -> consumer.modelInfer(InferRequests.forModel(model)
                        .version("1")
                        .input("x", TestModels.features(1, 3))
                        .build()))
                .hasMessageContaining("names model_version '1'")
                .hasMessageContaining("sent it to version '2'");

        // unloaded: a late call routed to version 1 answers UNAVAILABLE (retryable), not NOT_FOUND
        fleet.assign("host-b", List.of(new Assignment(model, "2", null)));
        await().atMost(Duration.ofSeconds(60)).until(() -> state("host-b", model, "1") == null);
        assertThatThrownBy(() -> hostB.servedModels().require(model, "1"))
                .isInstanceOf(ServingException.class)
                .satisfies(e -> assertThat(((ServingException) e).kind()).isEqualTo(ErrorKind.NOT_READY))
                .hasMessageContaining("was unloaded (unassigned) from model host 'host-b'");
        fleet.assign("host-b", List.of());
        await().atMost(Duration.ofSeconds(30))
                .until(() -> status("host-b").versions().isEmpty());
    }

    /** Calls of a version a host's {@code /metrics} counts as served successfully. */
    private static double served(ModelHost host, String model, String version) {
        return fleet.metric(
                host,
                "dubbo_ai_model_requests_total",
                Map.of("model", model, "version", version, "outcome", "success"));
    }

    /** The {@code dubbo-ai-metrics-port} of each provider URL of a model in the ZooKeeper registry. */
    private static List<String> registeredMetricsPorts(String model) throws Exception {
        List<String> ports = new ArrayList<>();
        try (CuratorFramework client =
                CuratorFrameworkFactory.newClient(fleet.zooKeeper.connectString(), new RetryOneTime(100))) {
            client.start();
            client.blockUntilConnected();
            String path = "/dubbo/" + GRPCInferenceService.class.getName() + "/providers";
            for (String child : client.getChildren().forPath(path)) {
                URL url = URL.valueOf(URLDecoder.decode(child, StandardCharsets.UTF_8));
                if (model.equals(url.getParameter(ModelProviderParams.MODEL))) {
                    ports.add(url.getParameter(ModelProviderParams.METRICS_PORT));
                }
            }
        }
        return ports;
    }

    /** Version's answer to the test request, computed with ONNX Runtime straight from the artifact. */
    private static float probability(Path onnx) throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(onnx.toString());
                OnnxTensor x = OnnxTensor.createTensor(env, TestModels.features(1, 3));
                OrtSession.Result result = session.run(Map.of("x", x))) {
            return ((float[][]) result.get(0).getValue())[0][0];
        }
    }

    static final List<ModelHost> extraHosts = new ArrayList<>();

    private static String sha(byte[] bytes) throws Exception {
        return java.util.HexFormat.of()
                .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
