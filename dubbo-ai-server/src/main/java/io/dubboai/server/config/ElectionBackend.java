package io.dubboai.server.config;

/** Leader election backends of {@code io.dubboai.core.election}. */
public enum ElectionBackend {
    /** This node always leads (one replica only). */
    SINGLE,
    /** Curator leader latch on the ZooKeeper registry. */
    ZOOKEEPER,
    /** A coordination.k8s.io Lease. */
    KUBERNETES
}
