package io.dubboai.samples.quickstart;

import com.fasterxml.jackson.databind.JsonNode;
import io.dubboai.core.contract.ModelAttachments;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeoutException;

/**
 * The quickstart's A/B test: an experiment between versions 1 and 2 of the sample model, fed with synthetic users
 * (version 1 converts 10 % of them, version 2 15 %), whose live result is printed until the server's experiment engine
 * reaches a decision; then the experiment is stopped (the route rule gets its split back).
 *
 * <p>The experiment's unit attachment is the sticky key the sample consumer already uses and its split is the
 * quickstart's 50/50, so starting it changes no routing; it only records a recommendation (not automatic), so the
 * aliases stay where the demo put them. The synthetic users' exposures are posted the way the consumer-side exposure
 * filter ({@code dubbo-ai-abtest-client}) would post them.
 */
final class ExperimentStep {

    static final String ID = "risk-quickstart";
    private static final int USERS_PER_BATCH = 500;
    private static final int MAX_USERS = 20_000;

    private final RegistryClient server;
    private final String model;

    ExperimentStep(RegistryClient server, String model) {
        this.server = server;
        this.model = model;
    }

    /**
     * Runs the experiment until a decision or the timeout.
     *
     * @return the decision's kind, e.g. {@code PROMOTE}
     * @throws TimeoutException when no decision came in time
     */
    String run(java.time.Duration timeout) throws TimeoutException {
        server.call(
                "POST",
                "/api/v1/ai/experiments",
                Map.of(
                        "id",
                        ID,
                        "model",
                        model,
                        "unitAttachment",
                        ModelAttachments.STICKY_KEY,
                        "variants",
                        List.of(
                                Map.of("name", "control", "target", "1", "allocation", 50),
                                Map.of("name", "treatment", "target", "2", "allocation", 50)),
                        "primaryMetric",
                        "conversion",
                        "design",
                        Map.of("minimumDetectableEffect", 0.05, "baselineRate", 0.10)));
        server.call("POST", "/api/v1/ai/experiments/" + ID + "/start", Map.of());
        System.out.println("Experiment " + ID + " started: version 1 (control) vs 2 (treatment), conversion, 50/50");
        long deadline = System.nanoTime() + timeout.toNanos();
        SplittableRandom random = new SplittableRandom(13);
        int users = 0;
        try {
            while (System.nanoTime() < deadline) {
                if (users < MAX_USERS) {
                    feed(users, random);
                    users += USERS_PER_BATCH;
                }
                JsonNode experiment = server.call("GET", "/api/v1/ai/experiments/" + ID, null);
                System.out.println(describe(experiment));
                if (!experiment.path("decision").isNull()
                        && !experiment.path("decision").isMissingNode()) {
                    String kind = experiment.at("/decision/kind").asText();
                    System.out.println("Experiment " + ID + " decided " + kind + ": "
                            + experiment.at("/decision/reason").asText());
                    return kind;
                }
                Thread.sleep(2_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            server.call("POST", "/api/v1/ai/experiments/" + ID + "/stop", Map.of());
        }
        throw new TimeoutException("experiment " + ID + " reached no decision within " + timeout);
    }

    /** Posts a batch of synthetic users: their exposures, then their conversions. */
    private void feed(int from, SplittableRandom random) {
        List<Map<String, Object>> exposures = new ArrayList<>();
        List<Map<String, Object>> outcomes = new ArrayList<>();
        for (int i = from; i < from + USERS_PER_BATCH; i++) {
            String user = "synthetic-" + i;
            String version = Math.floorMod(user.hashCode(), 2) == 0 ? "1" : "2";
            exposures.add(Map.of(
                    "model", model, "unitAttachment", ModelAttachments.STICKY_KEY, "unit", user, "version", version));
            if (random.nextDouble() < (version.equals("2") ? 0.15 : 0.10)) {
                outcomes.add(Map.of("unit", user, "metric", "conversion", "value", 1));
            }
        }
        server.call("POST", "/api/v1/ai/experiments/exposures", Map.of("exposures", exposures));
        server.call("POST", "/api/v1/ai/experiments/" + ID + "/outcomes", Map.of("outcomes", outcomes));
    }

    private static String describe(JsonNode experiment) {
        JsonNode results = experiment.path("results");
        if (results.isMissingNode() || results.isNull()) {
            return "Experiment " + ID + ": " + experiment.path("status").asText();
        }
        JsonNode lift = results.at("/primary/0");
        return String.format(
                Locale.ROOT,
                "Experiment %s: units %s/%s, conversion %.3f vs %.3f, lift %+.3f [%s, %s], p = %.3g, SRM %s, %s",
                ID,
                results.at("/variants/0/units").asText(),
                results.at("/variants/1/units").asText(),
                lift.path("controlMean").asDouble(),
                lift.path("variantMean").asDouble(),
                lift.path("difference").asDouble(),
                lift.path("lower").isNull()
                        ? "-"
                        : String.format(Locale.ROOT, "%.3f", lift.path("lower").asDouble()),
                lift.path("upper").isNull()
                        ? "-"
                        : String.format(Locale.ROOT, "%.3f", lift.path("upper").asDouble()),
                lift.path("pValue").asDouble(),
                results.at("/srm/mismatch").asBoolean() ? "FLAGGED" : "ok",
                results.path("decision").asText());
    }
}
