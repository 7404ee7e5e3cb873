package io.dubboai.server.config;

import io.dubboai.controlplane.election.ElectionType;

/** How the server is deployed; the same three modes as Dubbo Admin. */
public enum DeployMode {
    /** One host: the server starts its own ZooKeeper as registry and config center; single-node election. */
    EMBEDDED,
    /** VMs without Kubernetes: an external ZooKeeper or Nacos; ZooKeeper election. */
    UNIVERSAL,
    /** Kubernetes: an external registry, replicas elect a leader with a coordination.k8s.io Lease. */
    KUBERNETES;

    /** The election backend used when none is configured. */
    public ElectionType defaultElection() {
        return switch (this) {
            case EMBEDDED -> ElectionType.SINGLE;
            case UNIVERSAL -> ElectionType.ZOOKEEPER;
            case KUBERNETES -> ElectionType.KUBERNETES;
        };
    }

    /** The security store used when none is configured. */
    public StoreKind defaultStore() {
        return this == EMBEDDED ? StoreKind.FILE : StoreKind.CONFIG_CENTER;
    }
}
