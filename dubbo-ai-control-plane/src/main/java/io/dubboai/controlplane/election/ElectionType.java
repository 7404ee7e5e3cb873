package io.dubboai.controlplane.election;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The leader election backends, by the name used in configuration ({@code dubbo.ai.election.type}). */
public enum ElectionType {
    /** One node, always leader: {@link SingleNodeElection}. */
    SINGLE("single"),
    /** A Curator {@code LeaderLatch} on the ZooKeeper that Dubbo uses. */
    ZOOKEEPER("zookeeper"),
    /** A fabric8 {@code LeaderElector} on a {@code coordination.k8s.io/v1} Lease. */
    KUBERNETES("kubernetes"),
    /** A lease document in the Dubbo config center (Nacos or ZooKeeper): {@link ConfigCenterLeaseElection}. */
    LEASE("lease");

    private final String configName;

    ElectionType(String configName) {
        this.configName = configName;
    }

    /** The name in configuration, e.g. {@code zookeeper}. */
    public String configName() {
        return configName;
    }

    /**
     * Parses a configured name, ignoring case and surrounding blanks.
     *
     * @throws IllegalArgumentException naming the value and the allowed names
     */
    public static ElectionType fromName(String name) {
        String normalized = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        for (ElectionType type : values()) {
            if (type.configName.equals(normalized)) {
                return type;
            }
        }
        throw new IllegalArgumentException(
                "Unknown leader election type '" + name + "' in dubbo.ai.election.type;" + " use one of "
                        + Arrays.stream(values()).map(ElectionType::configName).collect(Collectors.joining(", ")));
    }
}
