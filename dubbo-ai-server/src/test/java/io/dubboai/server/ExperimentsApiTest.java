package io.dubboai.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dubboai.abtest.client.ExperimentClient;
import io.dubboai.abtest.decision.ExperimentComponent;
import io.dubboai.core.contract.ModelAttachments;
import io.dubboai.core.contract.ModelProviderParams;
import io.dubboai.server.config.ServerModeInitializer;
import io.dubboai.server.config.ServerRuntime;
import io.dubboai.server.plugin.PluginClassLoaderInitializer;
import io.dubboai.server.security.CredentialService;
import io.dubboai.server.security.IssuedToken;
import io.dubboai.server.security.Role;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.dubbo.config.ApplicationConfig;
import org.apache.dubbo.config.ConfigCenterConfig;
import org.apache.dubbo.config.ProtocolConfig;
import org.apache.dubbo.config.ReferenceConfig;
import org.apache.dubbo.config.RegistryConfig;
import org.apache.dubbo.config.ServiceConfig;
import org.apache.dubbo.config.bootstrap.DubboBootstrap;
import org.apache.dubbo.rpc.RpcContext;
import org.apache.dubbo.rpc.model.FrameworkModel;
import org.junit.jupiter.api.AfterEach;
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

    private static final Path DATA_DIR = ServerTestDirs.create("dubbo-ai-experiments-api");
    private static final String BASE = "/api/v1/ai/experiments";
    private static final String MODEL = "greeter";

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        ServerTestDirs.register(registry, DATA_DIR);
    }

    @LocalServerPort
    int port;

    @Autowired
    CredentialService credentials;

    @Autowired
    ExperimentComponent engine;

    private final List<DubboBootstrap> started = new ArrayList<>();
    private final List<ExperimentClient> clients = new ArrayList<>();
    private final List<FrameworkModel> frameworks = new ArrayList<>();

    /** The model service the providers of the end-to-end test export. */
    public interface Greeter {
        String greet(String name);
    }

    @AfterEach
    void stopAll() {
        clients.forEach(ExperimentClient::close);
        started.forEach(DubboBootstrap::stop);
        frameworks.forEach(FrameworkModel::destroy);
    }

    /**
     * A framework of its own per provider and consumer, as if each were its own process: applications of one
     * framework share one config-center client, and only one of them would hear of rule changes.
     */
    private FrameworkModel framework() {
        FrameworkModel framework = new FrameworkModel();
        frameworks.add(framework);
        return framework;
    }

    @Autowired
    ServerRuntime runtime;

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

    @Test
    void experimentBetweenTwoRealVersionsShouldAssignStablyAndPromoteTheBetterOne() throws Exception {
        modelWithChampionAtVersionOne(MODEL);
        String zookeeper = runtime.configCenterAddress();
        provider(zookeeper, "1");
        provider(zookeeper, "2");

        ApiClient.Reply created = api.post("/api/v1/ai/experiments", operator.secret(), """
                {"id": "greeter-v2", "model": "greeter", "unitAttachment": "user-id",
                 "variants": [{"name": "control", "target": "champion", "allocation": 50},
                              {"name": "treatment", "target": "2", "allocation": 50}],
                 "primaryMetric": "conversion",
                 "design": {"minimumDetectableEffect": 0.05, "baselineRate": 0.08},
                 "decision": {"automatic": true, "promoteAlias": "champion"}}
                """);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        ApiClient.Reply start = api.post("/api/v1/ai/experiments/greeter-v2/start", operator.secret(), "");
        assertThat(start.status()).as(start.body()).isEqualTo(200);
        // the consumers start after the split is written: in one JVM, only the first Dubbo application listening to
        // a rule key hears of its changes (see docs/abtest.md); separate processes each hear every change
        Greeter first = consumer(zookeeper, "first", operator);
        Greeter second = consumer(zookeeper, "second", operator);
        // both consumers' routers apply the rule with the sticky key: both versions appear for a few users
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            List<String> served = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                served.add(call(first, "probe-" + i) + call(second, "probe-" + i));
            }
            return served.stream().allMatch(s -> s.equals("11") || s.equals("22"))
                    && served.contains("11")
                    && served.contains("22");
        });

        SplittableRandom random = new SplittableRandom(2024);
        Map<String, Integer> split = new HashMap<>();
        int users = 0;
        String status = "RUNNING";
        while (status.equals("RUNNING") && users < 6_000) {
            List<ExperimentClient.OutcomeItem> outcomes = new ArrayList<>();
            for (int i = users; i < users + 300; i++) {
                String user = "user-" + i;
                String version = call(first, user);
                assertThat(call(second, user))
                        .as("the version of %s on the second consumer", user)
                        .isEqualTo(version);
                split.merge(version, 1, Integer::sum);
                if (random.nextDouble() < (version.equals("2") ? 0.14 : 0.08)) {
                    outcomes.add(ExperimentClient.OutcomeItem.conversion(user));
                }
            }
            users += 300;
            clients.get(1).flush();
            ExperimentClient.Reply sent = clients.get(0).sendOutcomes("greeter-v2", outcomes);
            assertThat(sent.status()).as(sent.body()).isEqualTo(200);
            engine.runOnce();
            status = json.readTree(api.get("/api/v1/ai/experiments/greeter-v2", operator.secret())
                            .body())
                    .get("status")
                    .asText();
        }

        JsonNode done = json.readTree(
                api.get("/api/v1/ai/experiments/greeter-v2", operator.secret()).body());
        assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("STOPPED");
        assertThat(done.at("/decision/kind").asText()).isEqualTo("PROMOTE");
        assertThat(done.at("/decision/winner").asText()).isEqualTo("treatment");
        assertThat(done.at("/results/crossovers").asLong()).isZero();
        assertThat(done.at("/results/srm/mismatch").asBoolean()).isFalse();
        double share = split.getOrDefault("2", 0) / (double) users;
        assertThat(share)
                .as("share of version 2 among %d users: %s", users, split)
                .isBetween(0.45, 0.55);
        JsonNode rule = json.readTree(api.get("/api/v1/ai/models/greeter/route-rule", operator.secret())
                .body());
        assertThat(rule.at("/aliases/champion").asText()).isEqualTo("2");
        JsonNode model = json.readTree(
                api.get("/api/v1/ai/models/greeter", operator.secret()).body());
        assertThat(model.toString()).contains("\"champion\":2");
        JsonNode audit =
                json.readTree(api.get("/api/v1/audit?size=200", admin.secret()).body());
        List<String> decisions = new ArrayList<>();
        audit.get("entries").forEach(e -> {
            if (e.get("action").asText().equals("DECIDE PROMOTE")
                    && e.get("target").asText().equals("experiment:greeter-v2")) {
                decisions.add(e.get("after").asText());
            }
        });
        assertThat(decisions).singleElement().asString().contains("\"winnerVersion\":\"2\"", "\"pValue\"");
    }

    private static String call(Greeter greeter, String user) {
        RpcContext.getClientAttachment().setAttachment("user-id", user);
        try {
            return greeter.greet(user);
        } finally {
            RpcContext.getClientAttachment().removeAttachment("user-id");
        }
    }

    private void provider(String zookeeper, String version) {
        ServiceConfig<Greeter> service = new ServiceConfig<>();
        service.setInterface(Greeter.class);
        service.setRef(name -> {
            RpcContext.getServerContext().setAttachment(ModelAttachments.SERVED_VERSION, version);
            return version;
        });
        service.setParameters(Map.of(
                ModelProviderParams.MODEL,
                MODEL,
                ModelProviderParams.MODEL_VERSION,
                version,
                ModelProviderParams.RUNTIME,
                "test",
                ModelProviderParams.ACCELERATOR,
                "cpu"));
        service.setScope("remote");
        ApplicationConfig application = new ApplicationConfig("greeter-provider-" + version);
        application.setQosEnable(false);
        // interface-level registration: the consumers see the provider parameters (model, version) on each URL
        application.setRegisterMode("interface");
        started.add(DubboBootstrap.newInstance(framework())
                .application(application)
                .registry(new RegistryConfig(zookeeper))
                .protocol(new ProtocolConfig("dubbo", freePort()))
                .service(service)
                .start());
    }

    private Greeter consumer(String zookeeper, String name, IssuedToken token) {
        ApplicationConfig application = new ApplicationConfig("greeter-consumer-" + name);
        application.setQosEnable(false);
        ReferenceConfig<Greeter> reference = new ReferenceConfig<>();
        reference.setInterface(Greeter.class);
        reference.setCheck(false);
        reference.setScope("remote");
        reference.setTimeout(5000);
        reference.setRetries(0);
        ConfigCenterConfig configCenter = new ConfigCenterConfig();
        configCenter.setAddress(zookeeper);
        DubboBootstrap bootstrap = DubboBootstrap.newInstance(framework())
                .application(application)
                .registry(new RegistryConfig(zookeeper))
                .configCenter(configCenter)
                .reference(reference);
        started.add(bootstrap);
        clients.add(ExperimentClient.install(
                bootstrap.getApplicationModel(),
                ExperimentClient.Settings.of(URI.create("http://127.0.0.1:" + port), token.secret(), "user-id")));
        bootstrap.start();
        return reference.get();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress("127.0.0.1", 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
        // set before any provider serves version 1: forced past the registry's ready-provider guard
        ApiClient.Reply alias = api.put(
                "/api/v1/ai/models/" + model + "/aliases/champion?force=true", operator.secret(), "{\"version\":1}");
        assertThat(alias.status()).as(alias.body()).isEqualTo(200);
    }
}
