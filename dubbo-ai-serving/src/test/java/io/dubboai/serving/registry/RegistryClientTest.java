package io.dubboai.serving.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.dubboai.core.model.TensorSpec;
import io.dubboai.serving.batch.BatchingConfig;
import io.dubboai.serving.engine.ModelConfig;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The registry client against a loopback HTTP server answering as the registry's REST API does. */
class RegistryClientTest {

    private static final String SHA = "a".repeat(64);
    private static final String VERSION_JSON = """
            {"model":"risk","version":3,"description":"","artifactUri":"s3://models/risk/3/model.onnx",
             "checksum":"%s","format":"onnx","runtime":"","status":"READY","stage":"NONE",
             "signature":{"inputs":[{"name":"x","datatype":"FP32","shape":[-1,4]}],
                          "outputs":[{"name":"y","datatype":"FP32","shape":[-1,1]}]},
             "params":{"serving.batching":"off","serving.queue-timeout-ms":"250","serving.memory-bytes":"1048576"},
             "metrics":{},"tags":{},"revision":4}
            """.formatted(SHA);

    private HttpServer server;
    private final AtomicReference<String> authorization = new AtomicReference<>();

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/api/v1/ai/models/risk/", exchange -> {
            authorization.set(exchange.getRequestHeaders().getFirst("Authorization"));
            String path = exchange.getRequestURI().getPath();
            int status = path.endsWith("/versions/3") || path.endsWith("/aliases/champion") ? 200 : 404;
            if (!"Bearer viewer-token".equals(authorization.get())) {
                status = 401;
            }
            byte[] body = (status == 200 ? VERSION_JSON : "{}").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private RegistryClient client(String token) {
        return new RegistryClient(
                URI.create("http://127.0.0.1:" + server.getAddress().getPort()), token, Duration.ofSeconds(5));
    }

    @Test
    void versionByAliasShouldGiveTheModelConfigWithSignatureAndServingSettings() {
        RegisteredVersion version = client("viewer-token").version("risk", "champion");
        ModelConfig config = version.toModelConfig();

        assertThat(authorization.get()).isEqualTo("Bearer viewer-token");
        assertThat(config.version()).isEqualTo("3");
        assertThat(config.artifactUri()).isEqualTo("s3://models/risk/3/model.onnx");
        assertThat(config.sha256()).isEqualTo(SHA);
        assertThat(config.runtime()).isEqualTo("onnxruntime");
        assertThat(config.expectedSignature().inputs()).containsExactly(new TensorSpec("x", "FP32", List.of(-1L, 4L)));
        assertThat(config.batching().mode()).isEqualTo(BatchingConfig.Mode.OFF);
        assertThat(config.batching().queueTimeout()).isEqualTo(Duration.ofMillis(250));
        assertThat(version.memoryBytes()).hasValue(1048576);
    }

    @Test
    void versionWithRefusedTokenShouldNameTheRoleNeeded() {
        assertThatThrownBy(() -> client("wrong").version("risk", "3"))
                .isInstanceOf(RegistryLookupException.class)
                .hasMessageContaining("HTTP 401")
                .hasMessageContaining("viewer role");
    }

    @Test
    void versionUnknownShouldSayWhichWasAskedFor() {
        assertThatThrownBy(() -> client("viewer-token").version("risk", "7"))
                .isInstanceOf(RegistryLookupException.class)
                .hasMessageContaining("has no model 'risk' version 7");
    }

    @Test
    void toModelConfigOfPendingVersionShouldRefuse() {
        RegisteredVersion pending = new RegisteredVersion(
                "risk",
                4,
                null,
                null,
                "onnx",
                "",
                io.dubboai.core.model.ModelSignature.EMPTY,
                java.util.Map.of(),
                "PENDING");

        assertThatThrownBy(pending::toModelConfig)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("version 4 of model 'risk' is PENDING and has no artifact");
    }
}
