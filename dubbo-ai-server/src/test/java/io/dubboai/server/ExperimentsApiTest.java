package io.dubboai.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dubboai.abtest.decision.ExperimentComponent;
import io.dubboai.server.config.ServerModeInitializer;
import io.dubboai.server.plugin.PluginClassLoaderInitializer;
import io.dubboai.server.security.CredentialService;
import io.dubboai.server.security.IssuedToken;
import io.dubboai.server.security.Role;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The experiments API of {@code dubbo-ai-abtest} as the server hosts it, over real HTTP, embedded mode: precise
 * errors, start and the model claim, exposures and outcomes, the engine's decision moving the registry's alias (and
 * so the route rule), roles and the audit log. The engine is run by the test ({@code runOnce}) instead of waiting for
 * its interval.
 */
@SpringBootTest(
        classes = DubboAiServerApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"dubbo.ai.server.embedded.zookeeper-port=0", "dubbo.ai.abtest.evaluation-interval=1h"})
@ContextConfiguration(initializers = {PluginClassLoaderInitializer.class, ServerModeInitializer.class})
class ExperimentsApiTest {

    private static final Path DATA_DIR = createTempDir();
    private static final String BASE = "/api/v1/ai/experiments";

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("dubbo.ai.server.data-dir", DATA_DIR::toString);
        registry.add("dubbo.ai.server.plugins.dir", () -> DATA_DIR.resolve("no-plugins")
                .toString());
    }

    @LocalServerPort
    int port;

    @Autowired
    CredentialService credentials;

    @Autowired
    ExperimentComponent engine;

    private final ObjectMapper json = new ObjectMapper();
    private ApiClient api;
    private IssuedToken admin;
    private IssuedToken operator;
    private IssuedToken viewer;

    @BeforeEach
    void tokens() {
        api = new ApiClient(port);
        admin = credentials.createToken("exp-admin", "root", Role.ADMIN, null);
        operator = credentials.createToken("exp-operator", "alice", Role.OPERATOR, null);
        viewer = credentials.createToken("exp-viewer", "victor", Role.VIEWER, null);
    }

    static String experiment(String id, String model, int control, int treatment, String primary, String treated) {
        return """
                {"id": "%s", "model": "%s", "unitAttachment": "user-id",
                 "variants": [{"name": "control", "target": "champion", "allocation": %d},
                              {"name": "treatment", "target": "%s", "allocation": %d}],
                 "primaryMetric": "%s", "guardrailMetrics": ["latency"],
                 "design": {"fixedUnitsPerVariant": 2000},
                 "decision": {"automatic": true, "promoteAlias": "champion"}}
                """.formatted(id, model, control, treated, treatment, primary);
    }

    @Test
    void createWhenInvalidShouldNameEveryProblemAndStartOfUnknownVersionShouldBeRefused() throws Exception {
        modelWithChampionAtVersionOne("bad-input");

        ApiClient.Reply invalid =
                api.post(BASE, operator.secret(), experiment("bad", "bad-input", 50, 40, "clicks", "2"));

        assertThat(invalid.status()).as(invalid.body()).isEqualTo(400);
        JsonNode problems = json.readTree(invalid.body()).get("problems");
        assertThat(problems.findValuesAsText("field")).containsExactly("variants", "primaryMetric");
        assertThat(problems.get(0).get("message").asText())
                .isEqualTo("allocations sum to 90, expected 100; adjust them so they add up to 100");
        assertThat(problems.get(1).get("message").asText())
                .startsWith("metric 'clicks' does not exist; known metrics:");

        assertThat(api.post(
                                BASE,
                                operator.secret(),
                                experiment("unknown-version", "bad-input", 50, 50, "conversion", "9"))
                        .status())
                .isEqualTo(201);
        ApiClient.Reply start = api.post(BASE + "/unknown-version/start", operator.secret(), "");
        assertThat(start.status()).as(start.body()).isEqualTo(400);
        assertThat(json.readTree(start.body()).at("/problems/0/field").asText()).isEqualTo("variants[1].target");
        assertThat(json.readTree(start.body()).at("/problems/0/message").asText())
                .startsWith("'9' is not an alias of model 'bad-input'");
        assertThat(api.get(BASE + "/unknown-version", viewer.secret()).body()).contains("\"status\":\"DRAFT\"");
        assertThat(api.get(BASE + "/nope", viewer.secret()).status()).isEqualTo(404);
    }

    @Test
    void experimentShouldCollectDecidePromoteAndAudit() throws Exception {
        String model = "shop";
        modelWithChampionAtVersionOne(model);
        assertThat(api.post(BASE, viewer.secret(), experiment("shop-v2", model, 50, 50, "conversion", "2"))
                        .status())
                .isEqualTo(403);
        assertThat(api.post(BASE, operator.secret(), experiment("shop-v2", model, 50, 50, "conversion", "2"))
                        .status())
                .isEqualTo(201);
        assertThat(api.post(BASE, operator.secret(), experiment("shop-other", model, 50, 50, "conversion", "2"))
                        .status())
                .isEqualTo(201);
        ApiClient.Reply started = api.post(BASE + "/shop-v2/start", operator.secret(), "");
        assertThat(started.status()).as(started.body()).isEqualTo(200);
        assertThat(json.readTree(started.body()).at("/variants/1/version").asText())
                .isEqualTo("2");
        ApiClient.Reply overlapping = api.post(BASE + "/shop-other/start", operator.secret(), "");
        assertThat(overlapping.status()).isEqualTo(409);
        assertThat(json.readTree(overlapping.body()).get("detail").asText())
                .contains("model 'shop' is held by experiment 'shop-v2'");

        ApiClient.Reply unknownUnit = api.post(
                BASE + "/shop-v2/outcomes",
                operator.secret(),
                "{\"outcomes\": [{\"unit\": \"ghost\", \"metric\": \"conversion\", \"value\": 1}]}");
        assertThat(unknownUnit.status()).isEqualTo(422);
        assertThat(json.readTree(unknownUnit.body()).at("/rejected/0/reason").asText())
                .isEqualTo("unknown-unit");

        // synthetic users: version 1 converts at 8 %, version 2 at 14 %
        SplittableRandom random = new SplittableRandom(42);
        int users = 0;
        String status = "RUNNING";
        while (status.equals("RUNNING") && users < 8_000) {
            StringBuilder exposures = new StringBuilder("{\"exposures\": [");
            List<String> outcomes = new ArrayList<>();
            for (int i = users; i < users + 500; i++) {
                boolean treated = random.nextBoolean();
                exposures
                        .append(i == users ? "" : ",")
                        .append("{\"model\": \"shop\", \"unitAttachment\": \"user-id\", \"unit\": \"u")
                        .append(i)
                        .append("\", \"version\": \"")
                        .append(treated ? "2" : "1")
                        .append("\"}");
                if (random.nextDouble() < (treated ? 0.14 : 0.08)) {
                    outcomes.add("{\"unit\": \"u" + i + "\", \"metric\": \"conversion\", \"value\": 1}");
                }
            }
            ApiClient.Reply recorded = api.post(BASE + "/exposures", operator.secret(), exposures + "]}");
            assertThat(recorded.status()).as(recorded.body()).isEqualTo(200);
            ApiClient.Reply counted = api.post(
                    BASE + "/shop-v2/outcomes",
                    operator.secret(),
                    "{\"outcomes\": [" + String.join(",", outcomes) + "]}");
            assertThat(counted.status()).as(counted.body()).isEqualTo(200);
            users += 500;
            engine.runOnce();
            status = json.readTree(api.get(BASE + "/shop-v2", viewer.secret()).body())
                    .get("status")
                    .asText();
        }

        JsonNode done =
                json.readTree(api.get(BASE + "/shop-v2", viewer.secret()).body());
        assertThat(done.get("status").asText()).isEqualTo("STOPPED");
        assertThat(done.at("/decision/kind").asText()).isEqualTo("PROMOTE");
        assertThat(done.at("/decision/winnerVersion").asText()).isEqualTo("2");
        assertThat(done.at("/results/primary/0/lower").asDouble()).isPositive();
        assertThat(done.at("/results/srm/mismatch").asBoolean()).isFalse();
        assertThat(done.get("history").size()).isPositive();
        JsonNode rule = json.readTree(
                api.get("/api/v1/ai/models/shop/route-rule", viewer.secret()).body());
        assertThat(rule.at("/aliases/champion").asText()).isEqualTo("2");
        assertThat(rule.get("stickyKey").asText()).isNotEqualTo("user-id");

        JsonNode page =
                json.readTree(api.get("/api/v1/audit?size=200", admin.secret()).body());
        List<JsonNode> decisions = new ArrayList<>();
        page.get("entries").forEach(e -> {
            if (e.get("target").asText().equals("experiment:shop-v2")) {
                decisions.add(e);
            }
        });
        assertThat(decisions)
                .extracting(e -> e.get("action").asText())
                .contains("POST " + BASE, "POST " + BASE + "/shop-v2/start", "DECIDE PROMOTE");
        JsonNode decided = decisions.stream()
                .filter(e -> e.get("action").asText().equals("DECIDE PROMOTE"))
                .findFirst()
                .orElseThrow();
        assertThat(decided.get("actor").asText()).isEqualTo("experiment-component");
        assertThat(decided.get("after").asText()).contains("\"pValue\"", "\"lower\"", "beats the control");
        assertThat(page.get("entries").findValuesAsText("action")).doesNotContain("POST " + BASE + "/exposures");
    }

    private void modelWithChampionAtVersionOne(String model) {
        assertThat(api.post("/api/v1/ai/models", operator.secret(), "{\"name\":\"" + model + "\"}")
                        .status())
                .isEqualTo(201);
        for (int i = 0; i < 2; i++) {
            ApiClient.Reply version =
                    api.post("/api/v1/ai/models/" + model + "/versions", operator.secret(), "{\"format\":\"onnx\"}");
            assertThat(version.status()).as(version.body()).isEqualTo(201);
        }
        ApiClient.Reply alias =
                api.put("/api/v1/ai/models/" + model + "/aliases/champion", operator.secret(), "{\"version\":1}");
        assertThat(alias.status()).as(alias.body()).isEqualTo(200);
    }

    private static Path createTempDir() {
        try {
            return Files.createTempDirectory("dubbo-ai-experiments-api");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
