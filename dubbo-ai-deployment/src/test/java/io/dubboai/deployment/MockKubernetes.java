package io.dubboai.deployment;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.net.InetAddress;
import java.util.HashMap;

/** fabric8's mock API server in CRUD mode on loopback, and clients for it that fail fast instead of retrying. */
public final class MockKubernetes implements AutoCloseable {

    private final KubernetesMockServer server;
    private final String namespace;

    /** Starts a server; clients default to {@code namespace}. */
    public MockKubernetes(String namespace) {
        this.namespace = namespace;
        server = new KubernetesMockServer(
                new Context(), new MockWebServer(), new HashMap<>(), new KubernetesCrudDispatcher(), false);
        server.init(InetAddress.getLoopbackAddress(), 0);
    }

    /** A new client of the server (the caller closes it). */
    public KubernetesClient client() {
        return new KubernetesClientBuilder()
                .withConfig(new ConfigBuilder(Config.empty())
                        .withMasterUrl("http://127.0.0.1:" + server.getPort())
                        .withNamespace(namespace)
                        .withRequestRetryBackoffLimit(0)
                        .build())
                .build();
    }

    @Override
    public void close() {
        server.destroy();
    }
}
