package io.dubboai.registry.spring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dubboai.controlplane.store.ConfigCenters;
import io.dubboai.controlplane.zookeeper.EmbeddedZooKeeper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.dubbo.common.config.configcenter.DynamicConfiguration;
import org.apache.dubbo.rpc.model.FrameworkModel;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A Spring Boot application with the registry's auto-configuration on a real embedded ZooKeeper and a file artifact
 * store, shared by the REST and MLflow tests (one context for both).
 */
@SpringBootTest(
        classes = RegistryApplicationTestBase.TestApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
abstract class RegistryApplicationTestBase {

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class TestApplication {}

    /** The upload limit of these tests: 64 KiB. */
    static final int UPLOAD_LIMIT = 64 * 1024;

    static final EmbeddedZooKeeper ZOO_KEEPER;
    static final Path ARTIFACTS;
    static final FrameworkModel READER = new FrameworkModel();
    /** A separate config-center client, as a router would have, to read the route rules. */
    static final DynamicConfiguration RULES;

    static {
        try {
            Path temp = Files.createTempDirectory("registry-test");
            ZOO_KEEPER = EmbeddedZooKeeper.start(temp.resolve("zk"), 0);
            ARTIFACTS = temp.resolve("artifacts");
            RULES = ConfigCenters.open("zookeeper://localhost:" + ZOO_KEEPER.port(), READER.newApplication());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void registryProperties(DynamicPropertyRegistry registry) {
        registry.add("dubbo.ai.registry.store.address", ZOO_KEEPER::dubboAddress);
        registry.add("dubbo.ai.registry.artifacts.type", () -> "file");
        registry.add("dubbo.ai.registry.artifacts.file-root", ARTIFACTS::toString);
        registry.add("dubbo.ai.registry.artifacts.allowed-buckets", () -> "models");
        // no authentication in these tests: writes are allowed to anyone by the documented opt-in
        registry.add(RegistryWriteGuard.ALLOW_ANONYMOUS_WRITES, () -> "true");
        registry.add(UploadTooLargeException.PROPERTY, () -> UPLOAD_LIMIT + "B");
    }

    @Value("${local.server.port}")
    int port;

    final HttpClient http = HttpClient.newHttpClient();
    final ObjectMapper json = new ObjectMapper();

    /** A response: status and parsed JSON body (null when empty). */
    record Reply(int status, JsonNode body, String text, HttpResponse<String> raw) {}

    Reply call(String method, String path, String body) {
        return call(method, path, body, "application/json");
    }

    Reply call(String method, String path, String body, String contentType) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", contentType)
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            String text = response.body();
            JsonNode parsed = text.isEmpty() || !text.trim().startsWith("{") ? null : json.readTree(text);
            return new Reply(response.statusCode(), parsed, text, response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    Reply get(String path) {
        return call("GET", path, null);
    }

    String ruleText(String model) {
        return RULES.getConfig(model + ".model-route", "dubbo");
    }
}
