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
import java.nio.file.Files;
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
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * An experiment end to end: the admin server (embedded ZooKeeper as registry and config center), two real Dubbo
 * providers serving versions 1 and 2 of a model on loopback, and two consumers routed by the dubbo-ai router whose
 * exposure filters ship exposures to the server. Synthetic users convert at 8 % on version 1 and 14 % on version 2;
 * each user is called through both consumers and must get the same version from both. The experiment must promote
 * version 2 (alias moved in the registry and the route rule) with an audit entry, and the measured split must be
 * within tolerance of the 50/50 allocation.
 */
@SpringBootTest(
        classes = DubboAiServerApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"dubbo.ai.server.embedded.zookeeper-port=0", "dubbo.ai.abtest.evaluation-interval=1h"})
@ContextConfiguration(initializers = {PluginClassLoaderInitializer.class, ServerModeInitializer.class})
class ExperimentEndToEndTest {

    private static final Path DATA_DIR = createTempDir();
    private static final String MODEL = "greeter";

    /** The model service the providers export. */
    public interface Greeter {
        String greet(String name);
    }

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
    ServerRuntime runtime;

    @Autowired
    ExperimentComponent engine;

    private final ObjectMapper json = new ObjectMapper();
    private final List<DubboBootstrap> started = new ArrayList<>();
    private final List<ExperimentClient> clients = new ArrayList<>();
    private final List<FrameworkModel> frameworks = new ArrayList<>();

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

    @Test
    void experimentBetweenTwoRealVersionsShouldAssignStablyAndPromoteTheBetterOne() throws Exception {
        ApiClient api = new ApiClient(port);
        IssuedToken operator = credentials.createToken("e2e-operator", "alice", Role.OPERATOR, null);
        IssuedToken admin = credentials.createToken("e2e-admin", "root", Role.ADMIN, null);
        registerModel(api, operator);
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

    private void registerModel(ApiClient api, IssuedToken operator) {
        assertThat(api.post("/api/v1/ai/models", operator.secret(), "{\"name\":\"" + MODEL + "\"}")
                        .status())
                .isEqualTo(201);
        for (int i = 0; i < 2; i++) {
            ApiClient.Reply version =
                    api.post("/api/v1/ai/models/" + MODEL + "/versions", operator.secret(), "{\"format\":\"onnx\"}");
            assertThat(version.status()).as(version.body()).isEqualTo(201);
        }
        ApiClient.Reply alias =
                api.put("/api/v1/ai/models/" + MODEL + "/aliases/champion", operator.secret(), "{\"version\":1}");
        assertThat(alias.status()).as(alias.body()).isEqualTo(200);
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

    private static Path createTempDir() {
        try {
            return Files.createTempDirectory("dubbo-ai-experiment-e2e");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
