package io.dubboai.registry.store.kubernetes;

import io.dubboai.controlplane.store.kubernetes.KubernetesDocumentStore;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.util.HashMap;
import java.util.List;

/** fabric8's Kubernetes mock server in CRUD mode, knowing the registry's custom resource. */
public final class KubernetesMock {

    private KubernetesMock() {}

    /** Starts a mock API server on a free loopback port. */
    public static KubernetesMockServer start() {
        CustomResourceDefinitionContext documents = new CustomResourceDefinitionContext.Builder()
                .withGroup(KubernetesDocumentStore.GROUP)
                .withVersion(KubernetesDocumentStore.VERSION)
                .withKind(KubernetesDocumentStore.KIND)
                .withPlural(KubernetesDocumentStore.PLURAL)
                .withScope("Namespaced")
                .build();
        KubernetesMockServer server = new KubernetesMockServer(
                new Context(),
                new MockWebServer(),
                new HashMap<>(),
                new KubernetesCrudDispatcher(List.of(documents)),
                false);
        server.init();
        return server;
    }
}
