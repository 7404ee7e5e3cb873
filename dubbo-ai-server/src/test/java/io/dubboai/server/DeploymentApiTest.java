package io.dubboai.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dubboai.server.config.ServerModeInitializer;
import io.dubboai.server.plugin.PluginClassLoaderInitializer;
import io.dubboai.server.security.CredentialService;
import io.dubboai.server.security.IssuedToken;
import io.dubboai.server.security.Role;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The deployments API of {@code dubbo-ai-deployment} as the server hosts it, over real HTTP, embedded mode: models and
 * versions checked against the registry, every problem of a bad spec listed, a second rollout of a model refused with
 * its holder, the leader's controller acting on an abort, roles and the audit log.
 */
@SpringBootTest(
        classes = DubboAiServerApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"dubbo.ai.server.embedded.zookeeper-port=0", "dubbo.ai.deployment.reconcile-interval=100ms"})
@ContextConfiguration(initializers = {PluginClassLoaderInitializer.class, ServerModeInitializer.class})
class DeploymentApiTest {

    private static final Path DATA_DIR = ServerTestDirs.create("dubbo-ai-deployment-api-test");

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        ServerTestDirs.register(registry, DATA_DIR);
    }

    @LocalServerPort
    int port;

    @Autowired
    CredentialService credentials;

    private final ObjectMapper json = new ObjectMapper();
    private ApiClient api;
    private IssuedToken admin;
    private IssuedToken operator;
    private IssuedToken viewer;

    @BeforeEach
    void tokens() {
        api = new ApiClient(port);
        admin = credentials.createToken("deploy-admin", "root", Role.ADMIN, null);
        operator = credentials.createToken("deploy-operator", "alice", Role.OPERATOR, null);
        viewer = credentials.createToken("deploy-viewer", "victor", Role.VIEWER, null);
    }

    @Test
    void createShouldStoreTheDeploymentRefuseASecondRolloutAndAbortThroughTheController() throws Exception {
        modelWithVersions("churn", 2);
        ApiClient.Reply created =
                api.post("/api/v1/ai/deployments", operator.secret(), spec("churn-v1", "churn", "1", "[25, 100]"));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.raw().headers().firstValue("Location")).contains("/api/v1/ai/deployments/churn-v1");
        JsonNode body = json.readTree(created.body());
        assertThat(body.get("phase").asText()).isEqualTo("PENDING");
        assertThat(body.at("/spec/strategy/steps").toString()).isEqualTo("[25,100]");
        assertThat(body.at("/events/0/message").asText()).contains("alice asked for version 1 of model churn");

        // the leader's controller looks for the providers (none run here) and says so
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> json.readTree(
                        api.get("/api/v1/ai/deployments/churn-v1", viewer.secret())
                                .body())
                .at("/conditions")
                .toString()
                .contains("0 of 1 providers of churn version 1 registered"));

        ApiClient.Reply second =
                api.post("/api/v1/ai/deployments", operator.secret(), spec("churn-v2", "churn", "2", "[25, 100]"));
        assertThat(second.status()).isEqualTo(409);
        assertThat(json.readTree(second.body()).get("holder").asText()).isEqualTo("rollout:churn-v1");
        assertThat(json.readTree(second.body()).get("detail").asText())
                .contains("already rolling out in deployment 'churn-v1'");

        assertThat(api.post("/api/v1/ai/deployments/churn-v1/pause", viewer.secret(), "")
                        .status())
                .isEqualTo(403);
        ApiClient.Reply aborted = api.post("/api/v1/ai/deployments/churn-v1/abort", operator.secret(), "");
        assertThat(aborted.status()).as(aborted.body()).isEqualTo(200);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> json.readTree(
                        api.get("/api/v1/ai/deployments/churn-v1", viewer.secret())
                                .body())
                .get("phase")
                .asText()
                .equals("ABORTED"));
        // the model is free again
        ApiClient.Reply again =
                api.post("/api/v1/ai/deployments", operator.secret(), spec("churn-v2", "churn", "2", "[25, 100]"));
        assertThat(again.status()).as(again.body()).isEqualTo(201);

        JsonNode list =
                json.readTree(api.get("/api/v1/ai/deployments", viewer.secret()).body());
        List<String> names = new ArrayList<>();
        list.get("deployments").forEach(d -> names.add(d.at("/spec/name").asText()));
        assertThat(names).contains("churn-v1", "churn-v2");

        JsonNode page =
                json.readTree(api.get("/api/v1/audit?size=200", admin.secret()).body());
        List<JsonNode> entries = new ArrayList<>();
        page.get("entries").forEach(entries::add);
        assertThat(entries)
                .filteredOn(e -> e.get("target").asText().equals("deployment:churn-v1"))
                .extracting(
                        e -> e.get("action").asText() + " by " + e.get("actor").asText())
                .contains(
                        "POST /api/v1/ai/deployments by alice", "POST /api/v1/ai/deployments/churn-v1/abort by alice");
    }

    @Test
    void badSpecsShouldBeRefusedWithEveryProblemAndNothingStored() throws Exception {
        modelWithVersions("fraud", 1);
        ApiClient.Reply steps =
                api.post("/api/v1/ai/deployments", operator.secret(), spec("fraud-bad", "fraud", "1", "[5, 150, 100]"));
        assertThat(steps.status()).isEqualTo(400);
        JsonNode problems = json.readTree(steps.body()).get("problems");
        assertThat(problems.toString())
                .contains(
                        "\"path\":\"strategy.steps[1]\"",
                        "150 is out of range; a step's weight is 1..100",
                        "100 is not above the step before (150)");

        ApiClient.Reply version =
                api.post("/api/v1/ai/deployments", operator.secret(), spec("fraud-v9", "fraud", "9", "[5, 100]"));
        assertThat(version.status()).isEqualTo(400);
        assertThat(json.readTree(version.body()).at("/problems/0/message").asText())
                .isEqualTo("model 'fraud' has no version or alias '9'; list its versions with GET"
                        + " /api/v1/ai/models/fraud/versions");
        ApiClient.Reply model =
                api.post("/api/v1/ai/deployments", operator.secret(), spec("ghost-v1", "ghost", "1", "[5, 100]"));
        assertThat(json.readTree(model.body()).at("/problems/0/path").asText()).isEqualTo("model");

        ApiClient.Reply unreadable = api.post(
                "/api/v1/ai/deployments",
                operator.secret(),
                "{\"name\": \"x\", \"model\": \"fraud\", \"version\": \"1\", \"strategy\": {\"steps\": [\"many\"]}}");
        assertThat(unreadable.status()).isEqualTo(400);
        assertThat(json.readTree(unreadable.body()).get("detail").asText()).contains("at 'strategy.steps[0]'");
        ApiClient.Reply unknown = api.post(
                "/api/v1/ai/deployments",
                operator.secret(),
                "{\"name\": \"x\", \"model\": \"fraud\", \"version\": \"1\", \"strategy\": {\"stepIntervall\": \"PT1M\"}}");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(json.readTree(unknown.body()).get("field").asText()).isEqualTo("strategy.stepIntervall");
        assertThat(json.readTree(unknown.body()).get("detail").asText())
                .contains("unknown field 'strategy.stepIntervall'; the fields there are", "stepInterval");
        assertThat(api.post("/api/v1/ai/deployments", operator.secret(), "").status())
                .isEqualTo(400);
        ApiClient.Reply shadowOnRolling = api.post(
                "/api/v1/ai/deployments",
                operator.secret(),
                "{\"name\": \"fraud-s\", \"model\": \"fraud\", \"version\": \"1\", \"strategy\": {\"type\":"
                        + " \"rolling\", \"shadow\": {\"percent\": 20}}}");
        assertThat(json.readTree(shadowOnRolling.body()).at("/problems/0/path").asText())
                .isEqualTo("strategy.shadow");

        // training jobs run in Kubernetes mode only: this embedded server says what to turn on
        ApiClient.Reply training = api.get("/api/v1/ai/training-jobs", viewer.secret());
        assertThat(training.status()).isEqualTo(404);
        assertThat(json.readTree(training.body()).get("type").asText()).endsWith("/training-disabled");
        assertThat(json.readTree(training.body()).get("detail").asText())
                .contains("dubbo.ai.deployment.executor=kubernetes");
        assertThat(api.post("/api/v1/ai/training-jobs", viewer.secret(), "{}").status())
                .isEqualTo(403);

        assertThat(api.get("/api/v1/ai/deployments/fraud-bad", viewer.secret()).status())
                .isEqualTo(404);
        assertThat(api.post("/api/v1/ai/deployments/fraud-bad/explode", operator.secret(), "")
                        .status())
                .isEqualTo(404);
    }

    // ---- helpers ----

    private static String spec(String name, String model, String version, String steps) {
        return """
                {"name": "%s", "model": "%s", "version": "%s", "replicas": 1,
                 "resources": {"cpu": "1", "memory": "2Gi"},
                 "strategy": {"type": "canary", "steps": %s, "stepInterval": "PT1S",
                              "gates": [{"metric": "error_rate", "maxDegradation": 0.01}]}}
                """.formatted(name, model, version, steps);
    }

    private void modelWithVersions(String model, int versions) {
        assertThat(api.post("/api/v1/ai/models", operator.secret(), "{\"name\":\"" + model + "\"}")
                        .status())
                .isEqualTo(201);
        for (int i = 0; i < versions; i++) {
            ApiClient.Reply version =
                    api.post("/api/v1/ai/models/" + model + "/versions", operator.secret(), "{\"format\":\"onnx\"}");
            assertThat(version.status()).as(version.body()).isEqualTo(201);
        }
    }
}
