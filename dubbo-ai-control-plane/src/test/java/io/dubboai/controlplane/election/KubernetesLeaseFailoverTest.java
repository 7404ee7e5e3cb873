package io.dubboai.controlplane.election;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The failover kit on fabric8's Kubernetes mock server in CRUD mode (it stores the Lease and checks its
 * resourceVersion), with lease / renew / retry of 3 s / 2 s / 250 ms.
 */
class KubernetesLeaseFailoverTest extends LeaderElectionFailoverKit {

    static final KubernetesElectionSettings FAST = new KubernetesElectionSettings(
            "test", "lease", Duration.ofSeconds(3), Duration.ofSeconds(2), Duration.ofMillis(250));

    private static KubernetesMockServer server;
    private final List<KubernetesClient> clients = new ArrayList<>();

    @BeforeAll
    static void startServer() {
        server = new KubernetesMockServer(
                new Context(), new MockWebServer(), new HashMap<>(), new KubernetesCrudDispatcher(), false);
        server.init(InetAddress.getLoopbackAddress(), 0);
    }

    @AfterAll
    static void stopServer() {
        server.destroy();
    }

    @Override
    protected int serverPort() {
        return server.getPort();
    }

    @Override
    protected LeaderElection newElection(String identity, int port) {
        KubernetesClient client = client(port);
        clients.add(client);
        return KubernetesLeaderElection.create(
                client,
                identity,
                new KubernetesElectionSettings(
                        FAST.namespace(),
                        electionName,
                        FAST.leaseDuration(),
                        FAST.renewDeadline(),
                        FAST.retryPeriod()));
    }

    @Override
    protected void releaseResources() {
        clients.forEach(KubernetesClient::close);
    }

    /** A client for the API server at {@code 127.0.0.1:port} that fails fast instead of retrying. */
    static KubernetesClient client(int port) {
        return new KubernetesClientBuilder()
                .withConfig(new ConfigBuilder(Config.empty())
                        .withMasterUrl("http://127.0.0.1:" + port)
                        .withNamespace("test")
                        .withRequestRetryBackoffLimit(0)
                        .withConnectionTimeout(1000)
                        .withRequestTimeout(2000)
                        .build())
                .build();
    }
}
