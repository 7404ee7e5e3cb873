package io.dubboai.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dubboai.controlplane.component.Component;
import io.dubboai.server.audit.AuditAttributes;
import io.dubboai.server.config.ServerModeInitializer;
import io.dubboai.server.plugin.PluginClassLoaderInitializer;
import io.dubboai.server.security.CredentialService;
import io.dubboai.server.security.IssuedToken;
import io.dubboai.server.security.ModelOwnership;
import io.dubboai.server.security.Role;
import io.dubboai.testmodule.FailingModuleController;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The whole server over real HTTP, embedded mode (its own ZooKeeper) with the file store: authentication,
 * roles, revocation, ownership, audit and the secret scan. Two stand-in endpoints play the part of a module's write
 * API ({@code /api/v1/test/things}) and of the registry's model API ({@code /api/v1/ai/models/{model}/labels}).
 */
@org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability
@SpringBootTest(
        classes = DubboAiServerApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"dubbo.ai.server.embedded.zookeeper-port=0"})
@ContextConfiguration(initializers = {PluginClassLoaderInitializer.class, ServerModeInitializer.class})
@Import(ServerSecurityTest.StandIns.class)
@ExtendWith(OutputCaptureExtension.class)
class ServerSecurityTest {

    private static final Path DATA_DIR = ServerTestDirs.create("dubbo-ai-server-test");
    private static final String ALICE_PASSWORD = "alice-very-long-password-1";

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
        admin = credentials.createToken("test-admin", "root", Role.ADMIN, null);
        operator = credentials.createToken("test-operator", "alice", Role.OPERATOR, null);
        viewer = credentials.createToken("test-viewer", "victor", Role.VIEWER, null);
    }

    @Test
    void apiWithoutTokenShouldAnswer401() {
        assertThat(api.get("/api/v1/auth/me", null).status()).isEqualTo(401);
        assertThat(api.get("/api/v1/test/things", null).status()).isEqualTo(401);
        assertThat(api.post("/api/v1/test/things", null, "{}").status()).isEqualTo(401);
        assertThat(api.post("/api/2.0/mlflow/registered-models/create", null, "{\"name\":\"m\"}")
                        .status())
                .isEqualTo(401);
        ApiClient.Reply bad = api.get("/api/v1/test/things", "dai_000000000000_forged");
        assertThat(bad.status()).isEqualTo(401);
        assertThat(bad.raw().headers().firstValue("WWW-Authenticate"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
    }

    @Test
    void healthShouldBeOpenButPrometheusAndApiClosed() {
        assertThat(api.get("/actuator/health", null).status()).isEqualTo(200);
        assertThat(api.get("/actuator/prometheus", null).status()).isEqualTo(401);
        ApiClient.Reply metrics = api.get("/actuator/prometheus", viewer.secret());
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.body()).contains("jvm_memory_used_bytes");
    }

    @Test
    void viewerMayReadButNotWriteAndOperatorMayWrite() {
        assertThat(api.get("/api/v1/test/things", viewer.secret()).status()).isEqualTo(200);
        assertThat(api.post("/api/v1/test/things", viewer.secret(), "{\"name\":\"x\"}")
                        .status())
                .isEqualTo(403);
        assertThat(api.post("/api/2.0/mlflow/registered-models/create", viewer.secret(), "{\"name\":\"m\"}")
                        .status())
                .isEqualTo(403);
        ApiClient.Reply written = api.post("/api/v1/test/things", operator.secret(), "{\"name\":\"x\"}");
        assertThat(written.status()).isEqualTo(200);
        assertThat(written.body()).contains("stored x by alice");
        // operators do not manage tokens or users
        assertThat(api.get("/api/v1/auth/tokens", operator.secret()).status()).isEqualTo(403);
        assertThat(api.post("/api/v1/auth/users", operator.secret(), "{}").status())
                .isEqualTo(403);
        // viewers do not read the audit log
        assertThat(api.get("/api/v1/audit", viewer.secret()).status()).isEqualTo(403);
    }

    @Test
    void revokedTokenShouldAnswer401() throws Exception {
        ApiClient.Reply created =
                api.post("/api/v1/auth/tokens", admin.secret(), "{\"name\":\"ci\",\"role\":\"operator\"}");
        assertThat(created.status()).isEqualTo(201);
        JsonNode token = json.readTree(created.body());
        String secret = token.get("secret").asText();
        String id = token.get("token").get("id").asText();
        assertThat(api.get("/api/v1/auth/me", secret).status()).isEqualTo(200);

        ApiClient.Reply revoked = api.delete("/api/v1/auth/tokens/" + id, admin.secret());
        assertThat(revoked.status()).isEqualTo(200);
        assertThat(json.readTree(revoked.body()).get("revokedAt").isNull()).isFalse();

        assertThat(api.get("/api/v1/auth/me", secret).status()).isEqualTo(401);
        assertThat(api.delete("/api/v1/auth/tokens/ffffffffffff", admin.secret())
                        .status())
                .isEqualTo(404);
    }

    @Test
    void loginShouldIssueSessionTokenAndLogoutShouldRevokeIt() throws Exception {
        String user = "{\"username\":\"alice\",\"password\":\"" + ALICE_PASSWORD + "\",\"role\":\"viewer\"}";
        ApiClient.Reply createdUser = api.post("/api/v1/auth/users", admin.secret(), user);
        assertThat(createdUser.status()).isIn(201, 400); // 400 when another test method created alice first
        assertThat(api.post("/api/v1/auth/users", admin.secret(), user.replace(ALICE_PASSWORD, "short"))
                        .body())
                .contains("at least 12 characters");

        assertThat(api.post("/api/v1/auth/login", null, "{\"username\":\"alice\",\"password\":\"wrong-password-x\"}")
                        .status())
                .isEqualTo(401);
        assertThat(api.post("/api/v1/auth/login", null, "{\"username\":\"nobody\",\"password\":\"whatever-1234\"}")
                        .status())
                .isEqualTo(401);
        ApiClient.Reply login = api.post(
                "/api/v1/auth/login", null, "{\"username\":\"alice\",\"password\":\"" + ALICE_PASSWORD + "\"}");
        assertThat(login.status()).isEqualTo(200);
        String session = json.readTree(login.body()).get("secret").asText();
        JsonNode me = json.readTree(api.get("/api/v1/auth/me", session).body());
        assertThat(me.get("name").asText()).isEqualTo("alice");
        assertThat(me.get("role").asText()).isEqualTo("VIEWER");

        assertThat(api.post("/api/v1/auth/logout", session, "").status()).isEqualTo(204);
        assertThat(api.get("/api/v1/auth/me", session).status()).isEqualTo(401);
    }

    @Test
    void writeToModelOwnedBySomeoneElseShouldAnswer403() {
        // StandIns.ownership: "fraud" belongs to bob, "churn" to alice, "new-model" to nobody
        assertThat(api.post("/api/v1/ai/models/fraud/labels", operator.secret(), "{}")
                        .status())
                .isEqualTo(403);
        assertThat(api.post("/api/v1/ai/models/fraud/labels", operator.secret(), "{}")
                        .body())
                .contains("owned by 'bob'");
        assertThat(api.post("/api/v1/ai/models/churn/labels", operator.secret(), "{}")
                        .status())
                .isEqualTo(200);
        assertThat(api.post("/api/v1/ai/models/new-model/labels", operator.secret(), "{}")
                        .status())
                .isEqualTo(200);
        assertThat(api.post("/api/v1/ai/models/fraud/labels", admin.secret(), "{}")
                        .status())
                .isEqualTo(200);
        // reads are not owner-checked
        assertThat(api.get("/api/v1/ai/models/fraud/labels", viewer.secret()).status())
                .isEqualTo(200);
    }

    @Test
    void registryShouldBeHostedSecuredAndOwnerChecked() throws Exception {
        String model = "churn-" + System.nanoTime();
        IssuedToken bob = credentials.createToken("test-bob", "bob", Role.OPERATOR, null);
        assertThat(api.get("/api/v1/ai/models", null).status()).isEqualTo(401);
        assertThat(api.post("/api/v1/ai/models", viewer.secret(), "{\"name\":\"" + model + "\"}")
                        .status())
                .isEqualTo(403);

        ApiClient.Reply created = api.post("/api/v1/ai/models", operator.secret(), "{\"name\":\"" + model + "\"}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(json.readTree(created.body()).get("owner").asText()).isEqualTo("alice");
        assertThat(api.get("/api/v1/ai/models/" + model, viewer.secret()).status())
                .isEqualTo(200);

        // bob is an operator but not the owner: refused by the registry's access policy, REST and MLflow alike
        String tag = "{\"value\":\"gold\"}";
        ApiClient.Reply refused = put("/api/v1/ai/models/" + model + "/tags/tier", bob.secret(), tag);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.body()).contains("owned by 'alice'");
        ApiClient.Reply mlflowRefused = api.post(
                "/api/2.0/mlflow/registered-models/set-tag",
                bob.secret(),
                "{\"name\":\"" + model + "\",\"key\":\"tier\",\"value\":\"gold\"}");
        assertThat(mlflowRefused.status()).isEqualTo(403);
        assertThat(mlflowRefused.body()).contains("PERMISSION_DENIED");

        assertThat(put("/api/v1/ai/models/" + model + "/tags/tier", operator.secret(), tag)
                        .status())
                .isEqualTo(200);
        assertThat(put("/api/v1/ai/models/" + model + "/tags/tier", admin.secret(), tag)
                        .status())
                .isEqualTo(200);
        // MLflow clients authenticate with a bearer token too
        assertThat(api.get("/api/2.0/mlflow/registered-models/get?name=" + model, viewer.secret())
                        .status())
                .isEqualTo(200);
        assertThat(api.get("/api/2.0/mlflow/registered-models/get?name=" + model, null)
                        .status())
                .isEqualTo(401);

        JsonNode page = json.readTree(
                api.get("/api/v1/audit?size=100", operator.secret()).body());
        List<JsonNode> entries = new ArrayList<>();
        page.get("entries").forEach(entries::add);
        assertThat(find(entries, "POST /api/v1/ai/models", model).get("actor").asText())
                .isEqualTo("alice");
        assertThat(find(entries, "PUT /api/v1/ai/models/" + model + "/tags/tier", "gold")
                        .get("status")
                        .asInt())
                .isIn(200, 403);
    }

    @Test
    void everyWriteShouldLeaveAnAuditEntryWithActorAndBeforeAfter() throws Exception {
        String marker = "audit-" + System.nanoTime();
        api.post("/api/v1/test/things", operator.secret(), "{\"name\":\"" + marker + "\"}");
        ApiClient.Reply created =
                api.post("/api/v1/auth/tokens", admin.secret(), "{\"name\":\"" + marker + "\",\"role\":\"viewer\"}");
        String id = json.readTree(created.body()).get("token").get("id").asText();
        api.delete("/api/v1/auth/tokens/" + id, admin.secret());
        api.post("/api/v1/ai/models/fraud/labels", operator.secret(), "{\"label\":\"" + marker + "\"}");

        JsonNode page = json.readTree(
                api.get("/api/v1/audit?size=50", operator.secret()).body());
        List<JsonNode> entries = new ArrayList<>();
        page.get("entries").forEach(entries::add);

        JsonNode thing = find(entries, "POST /api/v1/test/things", marker);
        assertThat(thing.get("actor").asText()).isEqualTo("alice");
        assertThat(thing.get("before").asText()).isEqualTo("{\"name\":\"old\"}");
        assertThat(thing.get("after").asText()).contains(marker);
        assertThat(thing.get("status").asInt()).isEqualTo(200);

        JsonNode creation = find(entries, "POST /api/v1/auth/tokens", marker);
        assertThat(creation.get("actor").asText()).isEqualTo("root");
        assertThat(creation.get("target").asText()).isEqualTo("token:" + id);

        JsonNode revocation = find(entries, "DELETE /api/v1/auth/tokens/" + id, "");
        assertThat(revocation.get("before").asText()).contains("\"revokedAt\":null");
        assertThat(revocation.get("after").asText()).doesNotContain("\"revokedAt\":null");

        JsonNode refused = find(entries, "POST /api/v1/ai/models/fraud/labels", marker);
        assertThat(refused.get("status").asInt()).isEqualTo(403);

        // newest first, sequence numbers strictly decreasing
        for (int i = 1; i < entries.size(); i++) {
            assertThat(entries.get(i).get("seq").asLong())
                    .isLessThan(entries.get(i - 1).get("seq").asLong());
        }
    }

    @Test
    void noEndpointShouldEchoASecretAfterCreation() throws Exception {
        ApiClient.Reply created =
                api.post("/api/v1/auth/tokens", admin.secret(), "{\"name\":\"scan\",\"role\":\"operator\"}");
        String secret = json.readTree(created.body()).get("secret").asText();
        String password = "scan-password-" + System.nanoTime();
        api.post(
                "/api/v1/auth/users",
                admin.secret(),
                "{\"username\":\"scan" + System.nanoTime() + "\",\"password\":\"" + password + "\",\"role\":"
                        + "\"viewer\"}");
        api.post("/api/v1/test/things", operator.secret(), "{\"name\":\"x\",\"password\":\"" + password + "\"}");
        // read everything a client can read
        for (String path : List.of(
                "/api/v1/auth/tokens",
                "/api/v1/auth/users",
                "/api/v1/audit?size=500",
                "/api/v1/auth/me",
                "/v3/api-docs",
                "/actuator/health")) {
            assertThat(api.get(path, admin.secret()).status()).as(path).isEqualTo(200);
        }
        List<String> secrets = List.of(secret, password, admin.secret(), operator.secret(), viewer.secret());
        List<ApiClient.Reply> replies = api.replies();
        for (ApiClient.Reply reply : replies.subList(1, replies.size())) {
            for (String s : secrets) {
                assertThat(reply.body()).as(reply.raw().uri().toString()).doesNotContain(s);
            }
        }
        // nor does the store on disk: hashes only
        try (Stream<Path> files = Files.walk(DATA_DIR.resolve("security"))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String content = Files.readString(file);
                for (String s : secrets) {
                    // drop only the "dai_" prefix: the random part is base64url and may itself hold '_'
                    assertThat(content).as(file.toString()).doesNotContain(s.substring(s.indexOf('_') + 1));
                }
                assertThat(content).doesNotContain(password);
            }
        }
    }

    @Test
    void openApiShouldDescribeTheWholeApi() throws Exception {
        ApiClient.Reply docs = api.get("/v3/api-docs", null);
        assertThat(docs.status()).isEqualTo(200);
        JsonNode paths = json.readTree(docs.body()).get("paths");
        assertThat(paths.has("/api/v1/auth/tokens")).isTrue();
        assertThat(paths.has("/api/v1/auth/login")).isTrue();
        assertThat(paths.has("/api/v1/audit")).isTrue();
        assertThat(paths.has("/api/v1/test/things")).isTrue();
        assertThat(docs.body()).contains("\"scheme\":\"bearer\"");
    }

    @Test
    void unexpectedFailureOfAServerEndpointShouldAnswerAGeneric500WithAnErrorIdThatTheLogRepeats(CapturedOutput output)
            throws Exception {
        ApiClient.Reply failed = api.get("/api/v1/test/things/broken", viewer.secret());

        assertThat(failed.status()).isEqualTo(500);
        assertThat(failed.raw().headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = json.readTree(failed.body());
        String errorId = problem.get("errorId").asText();
        assertThat(problem.get("detail").asText()).contains("failed unexpectedly", "report error id " + errorId);
        assertThat(failed.body()).doesNotContain("s3cret", "things internals", "Exception", "\tat ");
        assertThat(output)
                .contains("error id " + errorId)
                .contains(ThingsController.BROKEN)
                .contains("\tat ");
    }

    @Test
    void unexpectedFailureOutsideTheServersHandlersShouldNotSendItsMessageEither(CapturedOutput output)
            throws Exception {
        ApiClient.Reply failed = api.get("/api/v1/test/module-failure", viewer.secret());

        assertThat(failed.status()).isEqualTo(500);
        JsonNode body = json.readTree(failed.body());
        String errorId = body.get("errorId").asText();
        assertThat(body.get("message").asText()).contains("report error id " + errorId);
        assertThat(failed.body()).doesNotContain("m0dule-s3cret", "module internals", "Exception", "\tat ");
        assertThat(output).contains("error id " + errorId).contains(FailingModuleController.DETAIL);
        // the messages the security rules send on purpose still reach the client
        assertThat(api.get("/api/v1/test/module-failure", null).body()).contains("Authorization: Bearer <token>");
    }

    @Test
    void statusShouldMaskCredentialsInComponentErrors() throws Exception {
        JsonNode component = Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(
                        () -> {
                            JsonNode status = json.readTree(api.get("/api/v1/ai/status", viewer.secret())
                                    .body());
                            for (JsonNode c : status.get("components")) {
                                if (c.get("name").asText().equals(UnreachableComponent.NAME)
                                        && !c.get("lastError").isNull()) {
                                    return c;
                                }
                            }
                            return null;
                        },
                        java.util.Objects::nonNull);

        assertThat(component.get("lastError").asText())
                .contains("zookeeper://dubbo:***@10.0.0.1:2181")
                .doesNotContain(UnreachableComponent.PASSWORD);
        String status = api.get("/api/v1/ai/status", viewer.secret()).body();
        assertThat(status).doesNotContain(UnreachableComponent.PASSWORD);
    }

    @Test
    void monitoringShouldBeHostedListedInStatusAndAnalyseForViewers() throws Exception {
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(
                        () -> api.get("/api/v1/ai/status", viewer.secret()).body(),
                        body -> body.contains("\"model-monitoring\"") && body.contains("RUNNING"));
        JsonNode status =
                json.readTree(api.get("/api/v1/ai/status", viewer.secret()).body());
        boolean running = false;
        for (JsonNode c : status.get("components")) {
            running |= c.get("name").asText().equals("model-monitoring")
                    && c.get("state").asText().equals("RUNNING");
        }
        assertThat(running).as("%s", status).isTrue();

        // a read: viewers may call it; no provider is registered, so nothing can be judged
        ApiClient.Reply analysis = api.post(
                "/api/v1/ai/monitoring/analyses",
                viewer.secret(),
                "{\"model\":\"fraud\",\"baseline\":\"1\",\"candidate\":\"2\",\"window\":\"PT5M\","
                        + "\"metrics\":[{\"metric\":\"error_rate\",\"maxDegradation\":0.01}]}");
        assertThat(analysis.status()).as(analysis.body()).isEqualTo(200);
        JsonNode result = json.readTree(analysis.body());
        assertThat(result.get("backend").asText()).isEqualTo("scrape");
        assertThat(result.get("verdict").asText()).isEqualTo("INCONCLUSIVE");
        assertThat(result.at("/metrics/0/status").asText()).isEqualTo("NO_DATA");

        ApiClient.Reply unknown = api.post(
                "/api/v1/ai/monitoring/analyses",
                viewer.secret(),
                "{\"model\":\"fraud\",\"baseline\":\"1\",\"candidate\":\"2\",\"window\":\"PT5M\","
                        + "\"metrics\":[{\"metric\":\"latency_p42\"}]}");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.body()).contains("Unknown metric 'latency_p42'").doesNotContain("\tat ");
        assertThat(api.get("/api/v1/ai/monitoring/models/fraud/series?window=PT5M&step=PT1S", viewer.secret())
                        .status())
                .isEqualTo(400);
        assertThat(api.get("/api/v1/ai/monitoring/targets", viewer.secret()).status())
                .isEqualTo(200);
    }

    @Test
    void unknownPathsOutsideTheApiShouldBeRefused() {
        assertThat(api.get("/internal/anything", admin.secret()).status()).isEqualTo(403);
    }

    @Test
    void uiPathsWithoutTheUiJarShouldBeNotFoundAndOpenNothing() {
        // no admin-ui-extension jar on this server's class path: the open /ai/ paths find no file
        assertThat(api.get("/ai/", null).status()).isEqualTo(404);
        assertThat(api.get("/ai/models/churn", null).status()).isEqualTo(404);
        assertThat(api.get("/ai/assets/index-00000000.js", null).status()).isEqualTo(404);
    }

    private ApiClient.Reply put(String path, String token, String body) {
        return api.put(path, token, body);
    }

    private static JsonNode find(List<JsonNode> entries, String action, String bodyPart) {
        Optional<JsonNode> entry = entries.stream()
                .filter(e -> e.get("action").asText().equals(action))
                .filter(e -> e.get("after").isNull() && bodyPart.isEmpty()
                        || e.get("after").asText().contains(bodyPart)
                        || e.get("before").asText().contains(bodyPart))
                .findFirst();
        assertThat(entry)
                .as("audit entry %s with %s in %s", action, bodyPart, entries)
                .isPresent();
        return entry.get();
    }

    /** Stand-ins for module endpoints and the registry's ownership lookup. */
    @TestConfiguration(proxyBeanMethods = false)
    static class StandIns {

        @Bean
        ModelOwnership testOwnership() {
            Map<String, String> owners = Map.of("fraud", "bob", "churn", "alice");
            return model -> Optional.ofNullable(owners.get(model));
        }

        @Bean
        ThingsController thingsController() {
            return new ThingsController();
        }

        @Bean
        FailingModuleController failingModuleController() {
            return new FailingModuleController();
        }

        @Bean
        UnreachableComponent unreachableComponent() {
            return new UnreachableComponent();
        }
    }

    /** A component whose start fails quoting an address with a password, as a real one failing to connect would. */
    static final class UnreachableComponent implements Component {
        static final String NAME = "test-unreachable";
        static final String PASSWORD = "c0mp0nent-s3cret";

        @Override
        public String name() {
            return NAME;
        }

        @Override
        public void start() {
            throw new IllegalStateException("cannot reach zookeeper://dubbo:" + PASSWORD + "@10.0.0.1:2181");
        }

        @Override
        public void stop() {}
    }

    /** Plays a module's REST API: one read, one write that reports before/after like a real module should. */
    @RestController
    static class ThingsController {

        static final String BROKEN = "things internals: zookeeper://admin:s3cret@10.0.0.1:2181";

        @GetMapping("/api/v1/test/things/broken")
        List<String> broken() {
            throw new IllegalStateException(BROKEN);
        }

        @GetMapping("/api/v1/test/things")
        List<String> list() {
            return List.of("old");
        }

        @PostMapping("/api/v1/test/things")
        String write(@RequestBody Map<String, Object> thing, HttpServletRequest request, java.security.Principal who) {
            AuditAttributes.describe(
                    request, "thing", "{\"name\":\"old\"}", "{\"name\":\"" + thing.get("name") + "\"}");
            return "stored " + thing.get("name") + " by " + who.getName();
        }

        @GetMapping("/api/v1/ai/models/{model}/labels")
        List<String> labels(@PathVariable String model) {
            return List.of(model);
        }

        @PostMapping("/api/v1/ai/models/{model}/labels")
        String label(@PathVariable String model) {
            return "labelled " + model;
        }
    }
}
