package io.dubboai.controlplane.election;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Which leader election a node joins and how ({@code dubbo.ai.election.*}); {@link LeaderElections#create} builds it.
 *
 * @param type the backend
 * @param identity this node's unique name in the election; see {@link #defaultIdentity()}
 * @param zookeeper the ZooKeeper settings; required when {@code type} is {@link ElectionType#ZOOKEEPER}
 * @param kubernetes the Lease settings; defaults when {@code null} and {@code type} is {@link ElectionType#KUBERNETES}
 * @param lease the config-center lease settings; required when {@code type} is {@link ElectionType#LEASE}
 */
public record ElectionSettings(
        ElectionType type,
        String identity,
        @Nullable ZooKeeperElectionSettings zookeeper,
        @Nullable KubernetesElectionSettings kubernetes,
        @Nullable LeaseElectionSettings lease) {

    /** Validates that the settings for the chosen backend are present. */
    public ElectionSettings {
        Objects.requireNonNull(type, "type must be set: single, zookeeper, kubernetes or lease");
        if (identity == null || identity.isBlank()) {
            throw new IllegalArgumentException("dubbo.ai.election.identity must not be blank; leave it unset to use"
                    + " the host name with a random suffix");
        }
        if (type == ElectionType.ZOOKEEPER && zookeeper == null) {
            throw new IllegalArgumentException("dubbo.ai.election.type is zookeeper but no ZooKeeper address is set;"
                    + " set dubbo.ai.election.zookeeper.address (e.g. 127.0.0.1:2181) or configure a zookeeper://"
                    + " Dubbo registry");
        }
        if (type == ElectionType.KUBERNETES && kubernetes == null) {
            kubernetes = KubernetesElectionSettings.defaults();
        }
        if (type == ElectionType.LEASE && lease == null) {
            throw new IllegalArgumentException("dubbo.ai.election.type is lease but no config center is known for the"
                    + " lease; set dubbo.ai.election.lease.address (e.g. nacos://127.0.0.1:8848) or configure a Dubbo"
                    + " registry or config center");
        }
    }

    /** Settings without a lease (the other backends). */
    public ElectionSettings(
            ElectionType type,
            String identity,
            @Nullable ZooKeeperElectionSettings zookeeper,
            @Nullable KubernetesElectionSettings kubernetes) {
        this(type, identity, zookeeper, kubernetes, null);
    }

    /** A single-node election under {@code identity}. */
    public static ElectionSettings single(String identity) {
        return new ElectionSettings(ElectionType.SINGLE, identity, null, null);
    }

    /**
     * A unique identity for this process: the host name (the pod name in Kubernetes) and a random suffix, so two
     * processes on one host, or two applications in one JVM, never share one.
     */
    public static String defaultIdentity() {
        String host = System.getenv("HOSTNAME");
        if (host == null || host.isBlank()) {
            try {
                host = InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                host = "node";
            }
        }
        return host + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
