package io.dubboai.server.config;

import io.dubboai.controlplane.election.ElectionType;
import org.jspecify.annotations.Nullable;

/** How the server is deployed; the same three modes as Dubbo Admin. */
public enum DeployMode {
    /** One host: the server starts its own ZooKeeper as registry and config center; single-node election. */
    EMBEDDED,
    /**
     * VMs without Kubernetes: an external ZooKeeper or Nacos; ZooKeeper election on ZooKeeper, a lease in the config
     * center on Nacos.
     */
    UNIVERSAL,
    /** Kubernetes: an external registry, replicas elect a leader with a coordination.k8s.io Lease. */
    KUBERNETES;

    /**
     * The election backend used when none is configured.
     *
     * @param registryAddress the registry of universal mode: ZooKeeper election on {@code zookeeper://}, otherwise
     *     (Nacos) a lease in the config center
     */
    public ElectionType defaultElection(@Nullable String registryAddress) {
        return switch (this) {
            case EMBEDDED -> ElectionType.SINGLE;
            case UNIVERSAL ->
                registryAddress == null || registryAddress.startsWith("zookeeper://")
                        ? ElectionType.ZOOKEEPER
                        : ElectionType.LEASE;
            case KUBERNETES -> ElectionType.KUBERNETES;
        };
    }

    /** The security store used when none is configured. */
    public StoreKind defaultStore() {
        return this == EMBEDDED ? StoreKind.FILE : StoreKind.CONFIG_CENTER;
    }
}
