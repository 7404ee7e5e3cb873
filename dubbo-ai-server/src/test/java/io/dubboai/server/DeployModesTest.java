package io.dubboai.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dubboai.controlplane.testing.NacosServer;
import io.dubboai.controlplane.zookeeper.EmbeddedZooKeeper;
import io.dubboai.server.security.CredentialService;
import io.dubboai.server.security.IssuedToken;
import io.dubboai.server.security.Role;
import io.dubboai.server.security.SecurityBootstrap;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two server replicas in the universal mode (an external ZooKeeper) and in the kubernetes mode (a Lease on the
 * fabric8 mock API server in CRUD mode): one leader, and users, tokens and the audit log shared through ZooKeeper.
 */
class DeployModesTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private final ObjectMapper json = new ObjectMapper();
    private final List<AutoCloseable> resources = new ArrayList<>();

    @AfterEach
    void stopEverything() throws Exception {
        for (int i = resources.size() - 1; i >= 0; i--) {
            resources.get(i).close();
        }
    }

    @Test
    void universalReplicasShouldElectOneLeaderAndShareTokensAndAudit() throws Exception {
        EmbeddedZooKeeper zk = EmbeddedZooKeeper.start(dir.resolve("zk"), 0);
        resources.add(zk);
        universalReplicasShouldShareOneLeaderTokensAndAudit(zk.dubboAddress(), "zookeeper");
    }

    /**
     * The same on a real Nacos 2.5.1 server (started from shared/nacos): Nacos is registry and config center, the
     * replicas elect their leader with a lease in the config center, and keep users, tokens and the audit log there.
     */
    @Test
    void universalReplicasOnNacosShouldElectOneLeaderWithALeaseAndShareTokensAndAudit() throws Exception {
        universalReplicasShouldShareOneLeaderTokensAndAudit(NacosServer.shared().address(), "lease");
    }

    private void universalReplicasShouldShareOneLeaderTokensAndAudit(String registry, String election)
            throws Exception {
        ConfigurableApplicationContext a = start("a", "universal", registry);
        ConfigurableApplicationContext b = start("b", "universal", registry);
        ApiClient apiA = new ApiClient(port(a));
        ApiClient apiB = new ApiClient(port(b));

        // both started on an empty store, but only one bootstrap token exists (create-only compare-and-set)
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(
                        b.getBean(CredentialService.class).tokens())
                .filteredOn(t -> t.name().equals(SecurityBootstrap.TOKEN_NAME))
                .hasSize(1));
        assertThat(a.getBean(CredentialService.class).tokens())
                .filteredOn(t -> t.name().equals(SecurityBootstrap.TOKEN_NAME))
                .hasSize(1);

        IssuedToken admin = a.getBean(CredentialService.class).createToken("ops", "root", Role.ADMIN, null);
        await().atMost(PATIENCE)
                .until(() -> apiB.get("/api/v1/auth/me", admin.secret()).status() == 200);

        assertOneLeader(apiA, apiB, admin.secret());

        // a token created through replica B and revoked through replica A stops working on B
        ApiClient.Reply created =
                apiB.post("/api/v1/auth/tokens", admin.secret(), "{\"name\":\"ci\",\"role\":\"viewer\"}");
        assertThat(created.status()).isEqualTo(201);
        JsonNode token = json.readTree(created.body());
        String secret = token.get("secret").asText();
        String id = token.get("token").get("id").asText();
        await().atMost(PATIENCE).until(() -> apiA.get("/api/v1/auth/me", secret).status() == 200);
        assertThat(apiA.delete("/api/v1/auth/tokens/" + id, admin.secret()).status())
                .isEqualTo(200);
        await().atMost(PATIENCE).until(() -> apiB.get("/api/v1/auth/me", secret).status() == 401);

        // one audit log for both replicas
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(
                        apiA.get("/api/v1/audit?size=100", admin.secret()).body())
                .contains("POST /api/v1/auth/tokens")
                .contains("DELETE /api/v1/auth/tokens/" + id));
        JsonNode status =
                json.readTree(apiA.get("/api/v1/ai/status", admin.secret()).body());
        assertThat(status.get("election").asText()).isEqualTo(election);
    }

    @Test
    void kubernetesReplicasShouldElectOneLeaderWithALease() throws Exception {
        EmbeddedZooKeeper zk = EmbeddedZooKeeper.start(dir.resolve("zk"), 0);
        resources.add(zk);
        KubernetesMockServer apiServer = new KubernetesMockServer(
                new Context(), new MockWebServer(), new HashMap<>(), new KubernetesCrudDispatcher(), false);
        apiServer.init(InetAddress.getLoopbackAddress(), 0);
        resources.add(apiServer::destroy);
        // the fabric8 client of each replica reads these, as in a pod it reads the service account
        Map<String, String> kubernetes = Map.of(
                "kubernetes.master", "http://127.0.0.1:" + apiServer.getPort(),
                "kubernetes.namespace", "dubbo-ai",
                "kubernetes.auth.tryKubeConfig", "false",
                "kubernetes.auth.tryServiceAccount", "false");
        kubernetes.forEach(System::setProperty);
        resources.add(() -> kubernetes.keySet().forEach(System::clearProperty));

        ConfigurableApplicationContext a = start("a", "kubernetes", zk.dubboAddress());
        ConfigurableApplicationContext b = start("b", "kubernetes", zk.dubboAddress());
        IssuedToken admin = a.getBean(CredentialService.class).createToken("ops", "root", Role.ADMIN, null);
        ApiClient apiA = new ApiClient(port(a));
        ApiClient apiB = new ApiClient(port(b));
        await().atMost(PATIENCE)
                .until(() -> apiB.get("/api/v1/auth/me", admin.secret()).status() == 200);
        String leader = assertOneLeader(apiA, apiB, admin.secret());

        try (KubernetesClient client = new KubernetesClientBuilder()
                .withConfig(new ConfigBuilder(Config.empty())
                        .withMasterUrl("http://127.0.0.1:" + apiServer.getPort())
                        .build())
                .build()) {
            Lease lease = client.leases()
                    .inNamespace("dubbo-ai")
                    .withName("dubbo-ai-leader")
                    .get();
            assertThat(lease).isNotNull();
            assertThat(lease.getSpec().getHolderIdentity()).isEqualTo(leader);
        }
    }

    /** Waits until exactly one replica leads and both name it; returns its identity. */
    private String assertOneLeader(ApiClient apiA, ApiClient apiB, String token) throws Exception {
        await().atMost(PATIENCE).until(() -> {
            JsonNode sa = json.readTree(apiA.get("/api/v1/ai/status", token).body());
            JsonNode sb = json.readTree(apiB.get("/api/v1/ai/status", token).body());
            return sa.get("leader").asBoolean() != sb.get("leader").asBoolean()
                    && sa.get("leaderNode").asText().equals(sb.get("leaderNode").asText());
        });
        JsonNode sa = json.readTree(apiA.get("/api/v1/ai/status", token).body());
        JsonNode sb = json.readTree(apiB.get("/api/v1/ai/status", token).body());
        JsonNode leading = sa.get("leader").asBoolean() ? sa : sb;
        assertThat(leading.get("leaderNode").asText())
                .isEqualTo(leading.get("node").asText());
        assertThat(sa.get("node").asText()).isNotEqualTo(sb.get("node").asText());
        return leading.get("node").asText();
    }

    private ConfigurableApplicationContext start(String name, String mode, String registry) {
        ConfigurableApplicationContext context = DubboAiServerApplication.builder()
                .run(
                        "--server.port=0",
                        "--dubbo.ai.server.mode=" + mode,
                        "--dubbo.ai.server.registry-address=" + registry,
                        "--dubbo.ai.server.data-dir=" + dir.resolve(name),
                        "--dubbo.ai.server.plugins.dir=" + dir.resolve("no-plugins"),
                        "--dubbo.ai.election.identity=replica-" + name);
        resources.add(context::close);
        return context;
    }

    private static int port(ConfigurableApplicationContext context) {
        return Integer.parseInt(context.getEnvironment().getRequiredProperty("local.server.port"));
    }
}
