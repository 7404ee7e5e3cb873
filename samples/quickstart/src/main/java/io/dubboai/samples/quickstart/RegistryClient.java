package io.dubboai.samples.quickstart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** The few calls of the admin server's REST API the quickstart makes, authenticated with a bearer token. */
final class RegistryClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;
    private final String token;

    RegistryClient(String baseUrl, String token) {
        this.baseUrl = baseUrl;
        this.token = token;
    }

    /** Registers a model. */
    void createModel(String name, String description) {
        send("POST", "/api/v1/ai/models", json(Map.of("name", name, "description", description)));
    }

    /** Registers the next version of {@code model}, uploads its artifact and returns the stored version. */
    JsonNode registerVersion(String model, byte[] artifact, String sha256) {
        JsonNode created = send(
                "POST",
                "/api/v1/ai/models/" + model + "/versions",
                json(Map.of("format", "onnx", "runtime", "onnxruntime", "description", "quickstart sample")));
        long version = created.get("version").asLong();
        return send(
                "PUT",
                "/api/v1/ai/models/" + model + "/versions/" + version + "/artifact?fileName=model.onnx&sha256="
                        + sha256,
                HttpRequest.BodyPublishers.ofByteArray(artifact),
                "application/octet-stream");
    }

    /** Points {@code alias} of {@code model} at {@code version}; the registry writes it into the route rule. */
    void setAlias(String model, String alias, long version) {
        send("PUT", "/api/v1/ai/models/" + model + "/aliases/" + alias, json(Map.of("version", version)));
    }

    private JsonNode send(String method, String path, HttpRequest.BodyPublisher body) {
        return send(method, path, body, "application/json");
    }

    private JsonNode send(String method, String path, HttpRequest.BodyPublisher body, String contentType) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", contentType)
                .method(method, body)
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException(
                        method + " " + path + " answered " + response.statusCode() + ": " + response.body());
            }
            return response.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during " + method + " " + path, e);
        }
    }

    private static HttpRequest.BodyPublisher json(Map<String, Object> body) {
        try {
            return HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body));
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON-serialisable: " + body, e);
        }
    }

    /** Whether {@code GET /actuator/health} answers 200. */
    static boolean healthy(String baseUrl) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/actuator/health"))
                .timeout(Duration.ofSeconds(5))
                .build();
        try {
            return HttpClient.newHttpClient()
                            .send(request, HttpResponse.BodyHandlers.discarding())
                            .statusCode()
                    == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
