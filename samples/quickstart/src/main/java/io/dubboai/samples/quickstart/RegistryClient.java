package io.dubboai.samples.quickstart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dubboai.core.rule.TrafficSplit;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The few calls of the admin server's REST API the quickstart makes, authenticated with a bearer token. */
final class RegistryClient {

    /** How long {@link #setTraffic} keeps trying. */
    static final Duration RULE_TIMEOUT = Duration.ofSeconds(30);

    private static final Duration RULE_RETRY_PAUSE = Duration.ofMillis(200);

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

    /** Sends {@code body} (JSON; null: none) to {@code path} and returns the answer; fails on a status other than 2xx. */
    JsonNode call(String method, String path, @Nullable Object body) {
        try {
            return send(
                    method,
                    path,
                    body == null
                            ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON-serialisable: " + body, e);
        }
    }

    /**
     * Points {@code alias} of {@code model} at {@code version}; the registry writes it into the route rule. It refuses
     * (409) a version no provider serves yet unless {@code force}.
     */
    void setAlias(String model, String alias, long version, boolean force) {
        send(
                "PUT",
                "/api/v1/ai/models/" + model + "/aliases/" + alias + (force ? "?force=true" : ""),
                json(Map.of("version", version)));
    }

    /**
     * How many ready providers the registry sees for {@code version} of {@code model} ({@code GET
     * …/versions/{v}/serving}: the Dubbo registry's model providers and the model hosts' reports).
     */
    int readyProviders(String model, long version) {
        return call("GET", "/api/v1/ai/models/" + model + "/versions/" + version + "/serving", null)
                .path("readyProviders")
                .asInt();
    }

    /**
     * Sets the weighted split of {@code model}'s route rule through the route-rule API, keeping everything else: read
     * the rule and its ETag, replace {@code traffic}, write it back with {@code If-Match}. The registry creates the
     * rule when the first alias is set; on Nacos the server's read may lag that write by about a second (404), and a
     * write between our read and our write answers 412: both are read again, for up to {@link #RULE_TIMEOUT}. Returns
     * once the server reads the new split back.
     */
    void setTraffic(String model, List<TrafficSplit> traffic) {
        String path = "/api/v1/ai/models/" + model + "/route-rule";
        long deadline = System.nanoTime() + RULE_TIMEOUT.toNanos();
        String last = "nothing";
        while (System.nanoTime() - deadline < 0) {
            HttpResponse<String> read = exchange(request(path).GET());
            if (read.statusCode() == 200) {
                ObjectNode rule = (ObjectNode) parse(read.body());
                // the aliases are the registry's: left out, the API keeps them as stored
                rule.remove("aliases");
                rule.set("traffic", JSON.valueToTree(traffic));
                String etag = read.headers().firstValue("ETag").orElseThrow();
                HttpResponse<String> written = exchange(request(path)
                        .header("Content-Type", "application/json")
                        .header("If-Match", etag)
                        .PUT(HttpRequest.BodyPublishers.ofString(rule.toString())));
                if (written.statusCode() == 200) {
                    awaitTraffic(path, traffic, deadline);
                    return;
                }
                if (written.statusCode() != 412) {
                    throw new IllegalStateException(
                            "PUT " + path + " answered " + written.statusCode() + ": " + written.body());
                }
                last = "412, the rule changed between read and write";
            } else if (read.statusCode() == 404) {
                last = "404, no rule yet";
            } else {
                throw new IllegalStateException("GET " + path + " answered " + read.statusCode() + ": " + read.body());
            }
            pause();
        }
        throw new IllegalStateException("could not set the traffic split of model '" + model + "' within "
                + RULE_TIMEOUT.toSeconds() + " s; the last attempt got " + last
                + ". The registry creates the rule when an alias is set; check the server's log");
    }

    /**
     * Waits until the server reads back the split just written: on Nacos its reads lag a write by up to about a second,
     * and a call right after (a deployment checking that one version has all traffic) would see the old split.
     */
    private void awaitTraffic(String path, List<TrafficSplit> traffic, long deadline) {
        Map<String, Integer> wanted = new LinkedHashMap<>();
        traffic.forEach(split -> wanted.put(split.version(), split.weight()));
        Map<String, Integer> seen = Map.of();
        while (System.nanoTime() - deadline < 0) {
            HttpResponse<String> read = exchange(request(path).GET());
            if (read.statusCode() == 200) {
                Map<String, Integer> stored = new LinkedHashMap<>();
                parse(read.body())
                        .path("traffic")
                        .forEach(split -> stored.put(
                                split.path("version").asText(),
                                split.path("weight").asInt()));
                if (stored.equals(wanted)) {
                    return;
                }
                seen = stored;
            }
            pause();
        }
        throw new IllegalStateException("the server still reads the traffic split of " + path + " as " + seen
                + " after " + RULE_TIMEOUT.toSeconds() + " s, not the " + wanted + " written; check the server's log");
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token)
                .header("Accept", "application/json");
    }

    private HttpResponse<String> exchange(HttpRequest.Builder request) {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(
                    request.build().method() + " " + request.build().uri() + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(
                    "interrupted during " + request.build().uri(), e);
        }
    }

    private static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new IllegalStateException("the server answered a body that is not JSON: " + e.getMessage(), e);
        }
    }

    private static void pause() {
        try {
            Thread.sleep(RULE_RETRY_PAUSE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while setting a traffic split", e);
        }
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
        return fetch(baseUrl + "/actuator/health")
                .map(response -> response.statusCode() == 200)
                .orElse(false);
    }

    /** A plain {@code GET} of {@code url} without a token (10 s limit); empty when it cannot be reached. */
    static java.util.Optional<HttpResponse<String>> fetch(String url) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(10))
                .build();
        try {
            return java.util.Optional.of(
                    HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()));
        } catch (IOException e) {
            return java.util.Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return java.util.Optional.empty();
        }
    }
}
