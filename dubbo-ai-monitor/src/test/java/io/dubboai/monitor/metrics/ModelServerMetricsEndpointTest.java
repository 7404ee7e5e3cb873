package io.dubboai.monitor.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dubboai.monitor.sketch.FeatureSketch;
import io.dubboai.monitor.sketch.SketchSet;
import io.dubboai.serving.TestModels;
import io.dubboai.serving.batch.BatchingConfig;
import io.dubboai.serving.client.InferRequests;
import io.dubboai.serving.engine.ModelConfig;
import io.dubboai.serving.engine.WarmupConfig;
import io.dubboai.serving.oip.grpc.GRPCInferenceService;
import io.dubboai.serving.provider.AcceleratorDetector;
import io.dubboai.serving.provider.ModelServer;
import io.dubboai.serving.provider.ModelServerConfig;
import io.dubboai.serving.provider.QosConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.dubbo.config.ApplicationConfig;
import org.apache.dubbo.config.ReferenceConfig;
import org.apache.dubbo.config.RegistryConfig;
import org.apache.dubbo.config.bootstrap.DubboBootstrap;
import org.apache.dubbo.rpc.model.ApplicationModel;
import org.apache.dubbo.rpc.model.FrameworkModel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two {@link ModelServer}s (versions 1 and 2 of one model) with the monitor on the class path, called over Triple by a
 * Dubbo consumer; each server's QoS port serves Prometheus {@code /metrics} with the model meters. All on loopback, no
 * registry: the consumer refers to each provider by a direct URL carrying the provider's parameters.
 *
 * <p>Dubbo 3.3 closes every Triple server of the JVM when any framework model is destroyed, so the servers and the
 * consumer are closed together at the end.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ModelServerMetricsEndpointTest {

    private static final String MODEL = "fraud";

    private final SimpleMeterRegistry consumerRegistry = new SimpleMeterRegistry();
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private ModelServer v1;
    private ModelServer v2;
    private FrameworkModel consumerFramework;
    private GRPCInferenceService client1;
    private GRPCInferenceService client2;

    @BeforeAll
    void start(@TempDir Path dir) {
        // every request of these servers is sketched (read by InputSketches from Dubbo's configuration)
        System.setProperty(InputSketches.SAMPLE_RATE, "1");
        TestModels.ModelFile file = TestModels.logisticRegression(dir, 7);
        v1 = server(file, "1");
        v2 = server(file, "2");
        consumerFramework = new FrameworkModel();
        ApplicationModel application = consumerFramework.newApplication();
        application.getBeanFactory().registerBean(new ModelMeters(consumerRegistry));
        ApplicationConfig config = new ApplicationConfig("metrics-endpoint-consumer");
        config.setQosEnable(false);
        DubboBootstrap.getInstance(application)
                .application(config)
                .registry(new RegistryConfig("N/A"))
                .start();
        client1 = reference(application, v1);
        client2 = reference(application, v2);
    }

    private static ModelServer server(TestModels.ModelFile file, String version) {
        ModelConfig model = ModelConfig.onnx(MODEL, version, file.uri(), file.sha256())
                .withBatching(BatchingConfig.DEFAULTS.withBatch(16, Duration.ofMillis(1)))
                .withWarmup(new WarmupConfig(1, 1, 1));
        ModelServerConfig config = ModelServerConfig.of(model, "N/A", "127.0.0.1", ModelCallMetricsTest.freePort())
                .withDrainTimeout(Duration.ofMillis(200))
                .withQos(QosConfig.loopback(0));
        return new ModelServer(config, AcceleratorDetector.system(), rows -> {}).start();
    }

    private static GRPCInferenceService reference(ApplicationModel application, ModelServer server) {
        String query = server.providerParameters().entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        ReferenceConfig<GRPCInferenceService> reference = new ReferenceConfig<>(application.getDefaultModule());
        reference.setInterface(GRPCInferenceService.class);
        reference.setUrl(
                "tri://127.0.0.1:" + server.config().port() + "/" + GRPCInferenceService.class.getName() + "?" + query);
        reference.setTimeout(30_000);
        reference.setRetries(0);
        return reference.get();
    }

    @AfterAll
    void stop() {
        System.clearProperty(InputSketches.SAMPLE_RATE);
        if (consumerFramework != null) {
            consumerFramework.destroy();
        }
        for (ModelServer server : new ModelServer[] {v1, v2}) {
            if (server != null) {
                server.close();
            }
        }
    }

    @Test
    void qosMetricsEndpoint_servesEachVersionsCallAndBatcherSeries() throws Exception {
        float[][] rows = TestModels.features(2, 11);
        for (int i = 0; i < 3; i++) {
            client1.modelInfer(InferRequests.forModel(MODEL).input("x", rows).build());
        }
        client2.modelInfer(InferRequests.forModel(MODEL).input("x", rows).build());
        assertThatThrownBy(() -> client2.modelInfer(
                        InferRequests.forModel(MODEL).input("features", rows).build()))
                .hasMessageContaining("has no input 'features'");

        String metrics1 = scrape(v1);
        String metrics2 = scrape(v2);

        assertThat(sample(metrics1, "dubbo_ai_model_requests_total", Map.of("version", "1", "outcome", "success")))
                .isEqualTo(3.0);
        assertThat(sample(metrics2, "dubbo_ai_model_requests_total", Map.of("version", "2", "outcome", "success")))
                .isEqualTo(1.0);
        assertThat(sample(
                        metrics2,
                        "dubbo_ai_model_requests_total",
                        Map.of("version", "2", "outcome", "error", "error", "invalid_input")))
                .isEqualTo(1.0);
        assertThat(sample(
                        metrics1,
                        "dubbo_ai_model_latency_seconds_count",
                        Map.of("version", "1", "outcome", "success", "accelerator", "cpu", "gpu_type", "none")))
                .isEqualTo(3.0);
        assertThat(metrics1).contains("dubbo_ai_model_latency_seconds_bucket{");
        // three calls plus one warm-up request went through version 1's batcher, 2 rows each (warm-up: 1 row)
        assertThat(sample(metrics1, "dubbo_ai_model_batch_size_rows_sum", Map.of("version", "1")))
                .isEqualTo(7.0);
        assertThat(sample(metrics1, "dubbo_ai_model_batch_queue_wait_seconds_count", Map.of("version", "1")))
                .isEqualTo(4.0);

        // every successful ModelInfer request was sampled; the sketching thread counts it when sketched
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                        sample(scrape(v1), "dubbo_ai_model_sketch_sampled_total", Map.of("version", "1")))
                .isEqualTo(3.0));
        assertThat(sample(metrics2, "dubbo_ai_model_sketch_dropped_total", Map.of("version", "2")))
                .isEqualTo(0.0);

        // the consumer's view of the same calls; Triple's INVALID_ARGUMENT reads as invalid input there too
        assertThat(consumerRegistry
                        .get(ModelMetricNames.CLIENT_REQUESTS)
                        .tag(ModelMetricNames.TAG_VERSION, "1")
                        .tag(ModelMetricNames.TAG_OUTCOME, "success")
                        .counter()
                        .count())
                .isEqualTo(3);
        assertThat(consumerRegistry
                        .get(ModelMetricNames.CLIENT_REQUESTS)
                        .tag(ModelMetricNames.TAG_VERSION, "2")
                        .tag(ModelMetricNames.TAG_ERROR, "invalid_input")
                        .counter()
                        .count())
                .isEqualTo(1);

        assertSketchesServed();
    }

    /**
     * The QoS command {@code aiSketches} of version 1's server: its sketches after the three calls of the test above
     * (two rows of four features each), as the control plane reads them.
     */
    private void assertSketchesServed() throws Exception {
        int port = v1.qosPort().orElseThrow();

        JsonNode versionOne = await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> {
                            JsonNode answer = new ObjectMapper().readTree(get(port, "/aiSketches"));
                            for (JsonNode version : answer.path("versions")) {
                                if (version.path("version").asText().equals("1")) {
                                    SketchSet sketches = SketchSet.fromBytes(Base64.getDecoder()
                                            .decode(version.path("sketches").asText()));
                                    FeatureSketch first = sketches.features().get("x[0]");
                                    if (first != null && first.count() >= 6) {
                                        return answer;
                                    }
                                }
                            }
                            return null;
                        },
                        java.util.Objects::nonNull);

        assertThat(versionOne.path("format").asInt()).isEqualTo(SketchSet.FORMAT_VERSION);
        JsonNode entry = versionOne.path("versions").get(0);
        assertThat(entry.path("model").asText()).isEqualTo(MODEL);
        SketchSet sketches = SketchSet.fromBytes(
                Base64.getDecoder().decode(entry.path("sketches").asText()));
        assertThat(sketches.featureNames()).containsExactlyInAnyOrder("x[0]", "x[1]", "x[2]", "x[3]");
        assertThat(sketches.features().get("x[3]").count()).isEqualTo(6); // three requests of two rows
    }

    private String get(int port, String path) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .timeout(Duration.ofSeconds(30))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body();
    }

    private String scrape(ModelServer server) throws IOException, InterruptedException {
        int port = server.qosPort().orElseThrow();
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                        .timeout(Duration.ofSeconds(30))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    /** The value of the one sample of {@code name} whose labels include {@code labels}; fails if not exactly one. */
    static double sample(String exposition, String name, Map<String, String> labels) {
        List<String> lines = exposition
                .lines()
                .filter(line -> line.startsWith(name + "{"))
                .filter(line -> labels.entrySet().stream()
                        .allMatch(e -> line.contains(e.getKey() + "=\"" + e.getValue() + "\"")))
                .toList();
        assertThat(lines)
                .as("samples of %s with %s in:%n%s", name, labels, exposition)
                .hasSize(1);
        String line = lines.get(0);
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
    }
}
