package io.dubboai.samples.quickstart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dubboai.core.rule.TrafficSplit;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The quickstart's canary step: puts all weighted traffic back on version 1, then asks the server for a canary of
 * version 2 ({@code POST /api/v1/ai/deployments}: first a shadow step — the consumer's router mirrors half of its calls
 * to version 2 and discards the answers — then 10 → 50 → 100 %, 3 s per step) and prints each step as the leader's
 * deployment controller takes it, until the rollout ends. The providers run already, so the controller only
 * waits for version 2's provider in the registry and moves the weights of the route rule; the consumer's weighted
 * calls follow.
 */
final class CanaryDemo {

    /** The deployment's name. */
    static final String NAME = "risk-v2-canary";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration POLL = Duration.ofMillis(300);

    /**
     * What the canary did.
     *
     * @param phase the phase it ended in ({@code SUCCEEDED} when all went well), or where it stood at the timeout
     * @param splits every split it wrote, in order, as printed
     * @param shadowed whether its history records the shadow step ({@code ShadowStarted})
     */
    record Result(String phase, List<String> splits, boolean shadowed) {
        boolean succeeded() {
            return phase.equals("SUCCEEDED");
        }
    }

    private CanaryDemo() {}

    /** Runs the canary of version 2 of {@code model} and prints its steps to {@code out}; waits at most {@code timeout}. */
    static Result run(
            RegistryClient registry, String baseUrl, String token, String model, Duration timeout, PrintStream out) {
        registry.setTraffic(model, List.of(new TrafficSplit("1", 100), new TrafficSplit("2", 0)));
        out.println("Canary: weighted traffic back on version 1; asking the server for a canary of version 2"
                + " (a shadow step mirroring 50 % of the calls, then 10 -> 50 -> 100 %, 3 s per step)");
        String spec = """
                {"name": "%s", "model": "%s", "version": "2", "replicas": 1,
                 "strategy": {"type": "canary", "steps": [10, 50, 100], "stepInterval": "PT3S",
                              "shadow": {"percent": 50}}}
                """.formatted(NAME, model);
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> created = send(
                http,
                HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/ai/deployments"))
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(spec)));
        if (created.statusCode() != 201) {
            throw new IllegalStateException(
                    "POST /api/v1/ai/deployments answered " + created.statusCode() + ": " + created.body());
        }
        List<String> splits = new ArrayList<>();
        String phase = "PENDING";
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() - deadline < 0) {
            HttpResponse<String> read = send(
                    http,
                    HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/ai/deployments/" + NAME))
                            .header("Authorization", "Bearer " + token)
                            .GET());
            JsonNode rollout = parse(read.body());
            phase = rollout.path("phase").asText("?");
            JsonNode weights = rollout.path("weights");
            // between two steps (the next one's split not written yet) the weights are still the last step's
            boolean betweenSteps =
                    phase.equals("PROGRESSING") && rollout.path("stepStartedAt").isNull();
            if (weights.size() > 0 && !betweenSteps) {
                String split = "1: " + weights.path("1").asInt() + " %, 2: "
                        + weights.path("2").asInt() + " %";
                boolean shadowing = rollout.path("shadowing").asBoolean(false);
                String shown = shadowing ? split + " + 50 % mirrored to 2" : split;
                if (splits.isEmpty() || !splits.get(splits.size() - 1).equals(shown)) {
                    splits.add(shown);
                    out.println((shadowing
                                    ? "Canary: shadow step, split " + split
                                            + ", half of the calls also go to version 2, its answers discarded"
                                    : "Canary: step " + (rollout.path("step").asInt() + 1) + " of 3, split " + split)
                            + " (" + phase + ")");
                }
            }
            if (phase.equals("SUCCEEDED") || phase.equals("ROLLED_BACK") || phase.equals("ABORTED")) {
                out.println("Canary: " + phase + "; " + lastEvent(rollout) + ". Its history: " + baseUrl
                        + "/api/v1/ai/deployments/" + NAME);
                return new Result(phase, splits, shadowed(rollout));
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        out.println("Canary: still " + phase + " after " + timeout.toSeconds() + " s; see " + baseUrl
                + "/api/v1/ai/deployments/" + NAME);
        return new Result(phase, splits, false);
    }

    private static boolean shadowed(JsonNode rollout) {
        for (JsonNode event : rollout.path("events")) {
            if (event.path("type").asText().equals("ShadowStarted")) {
                return true;
            }
        }
        return false;
    }

    private static String lastEvent(JsonNode rollout) {
        JsonNode events = rollout.path("events");
        return events.size() == 0
                ? "no events"
                : events.get(events.size() - 1).path("message").asText();
    }

    private static HttpResponse<String> send(HttpClient http, HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("the server cannot be reached: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new IllegalStateException("the server answered a body that is not JSON: " + body, e);
        }
    }
}
