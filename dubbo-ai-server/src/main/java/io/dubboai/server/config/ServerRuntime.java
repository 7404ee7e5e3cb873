package io.dubboai.server.config;

import io.dubboai.controlplane.zookeeper.EmbeddedZooKeeper;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The settings in force plus what the deploy mode started: in embedded mode, the ZooKeeper server whose address is
 * the registry and config center.
 *
 * @param settings the checked settings
 * @param registryAddress the Dubbo registry address in use
 * @param configCenterAddress the config center address in use (the registry's when none is set)
 * @param embeddedZooKeeper the embedded ZooKeeper, in embedded mode
 */
public record ServerRuntime(
        ServerSettings settings,
        String registryAddress,
        String configCenterAddress,
        @Nullable EmbeddedZooKeeper embeddedZooKeeper) {

    /** Checks that the addresses are present. */
    public ServerRuntime {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(registryAddress, "registryAddress");
        Objects.requireNonNull(configCenterAddress, "configCenterAddress");
    }

    /** The embedded ZooKeeper, present in embedded mode only. */
    public Optional<EmbeddedZooKeeper> zooKeeper() {
        return Optional.ofNullable(embeddedZooKeeper);
    }
}
