package io.dubboai.registry;

import io.dubboai.controlplane.store.ConfigCenterDocumentStore;
import io.dubboai.controlplane.store.ConfigCenters;
import io.dubboai.registry.artifact.ArtifactStore;
import io.dubboai.registry.artifact.ArtifactUriPolicy;
import io.dubboai.registry.rule.AliasRuleSynchronizer;
import io.dubboai.registry.store.DocumentMetadataStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.apache.dubbo.common.URL;
import org.apache.dubbo.common.config.configcenter.DynamicConfiguration;
import org.apache.dubbo.remoting.zookeeper.curator5.ZookeeperClient;
import org.apache.dubbo.remoting.zookeeper.curator5.ZookeeperClientManager;
import org.apache.dubbo.rpc.model.ApplicationModel;
import org.apache.dubbo.rpc.model.FrameworkModel;
import org.jspecify.annotations.Nullable;

/**
 * One registry node for tests: its own Dubbo framework model (so its own config-center client), a config-center
 * metadata store on the given ZooKeeper or Nacos, and a {@link ModelRegistry}.
 */
public final class RegistryNode implements AutoCloseable {

    public final FrameworkModel framework = new FrameworkModel();
    public final DynamicConfiguration configuration;
    public final DocumentMetadataStore store;
    public final ModelRegistry registry;

    public RegistryNode(String configCenterAddress, @Nullable ArtifactStore artifacts, Path artifactRoot) {
        this(configCenterAddress, artifacts, artifactRoot, UnaryOperator.identity());
    }

    /**
     * A node whose Dubbo ZooKeeper client is replaced by {@code wrap(client)} before its configuration opens, so a
     * test can act just before a call reaches ZooKeeper (see {@code ConfigCenterDocumentStoreTest}).
     */
    public RegistryNode(
            String zooKeeperAddress,
            @Nullable ArtifactStore artifacts,
            Path artifactRoot,
            UnaryOperator<ZookeeperClient> wrap) {
        ApplicationModel application = framework.newApplication();
        if (zooKeeperAddress.startsWith("zookeeper://")) {
            ZookeeperClientManager clients = ZookeeperClientManager.getInstance(application);
            ZookeeperClient wrapped = wrap.apply(clients.connect(URL.valueOf(zooKeeperAddress)));
            clients.getZookeeperClientMap().replaceAll((address, client) -> wrapped);
        }
        configuration = ConfigCenters.open(zooKeeperAddress, application);
        store = new DocumentMetadataStore(
                new ConfigCenterDocumentStore(
                        configuration,
                        "dubbo-ai-registry",
                        ConfigCenterDocumentStore.DEFAULT_MAX_DOCUMENT_BYTES,
                        zooKeeperAddress + " node " + System.identityHashCode(this)),
                4,
                Duration.ofMillis(200),
                Duration.ofSeconds(1),
                Clock.systemUTC());
        store.start();
        registry = new ModelRegistry(
                store,
                artifacts,
                new ArtifactUriPolicy(Set.of("file", "s3"), Set.of("models"), List.of(artifactRoot)),
                new AliasRuleSynchronizer(configuration),
                ModelAccessPolicy.ALLOW_ALL,
                Clock.systemUTC());
    }

    @Override
    public void close() {
        store.close();
        framework.destroy();
    }
}
