package io.dubboai.controlplane.election;

import java.util.Objects;

/**
 * Builds the {@link LeaderElection} that {@link ElectionSettings} name.
 *
 * <p>The ZooKeeper and Kubernetes backends live in their own classes and are loaded only when chosen, so this class and
 * the single-node backend work without Curator or fabric8 on the class path; choosing a backend whose library is
 * missing fails with the Maven coordinates to add.
 */
public final class LeaderElections {

    private LeaderElections() {}

    /**
     * Creates an election (not started) for {@code settings}.
     *
     * @throws IllegalStateException if the backend's library is not on the class path
     */
    public static LeaderElection create(ElectionSettings settings) {
        Objects.requireNonNull(settings, "settings");
        return switch (settings.type()) {
            case SINGLE -> new SingleNodeElection(settings.identity());
            case ZOOKEEPER -> {
                requireClass(
                        "org.apache.curator.framework.recipes.leader.LeaderLatch",
                        "zookeeper",
                        "org.apache.curator:curator-recipes");
                yield ZooKeeperLeaderElection.create(settings.identity(), Objects.requireNonNull(settings.zookeeper()));
            }
            case KUBERNETES -> {
                requireClass(
                        "io.fabric8.kubernetes.client.extended.leaderelection.LeaderElector",
                        "kubernetes",
                        "io.fabric8:kubernetes-client");
                yield KubernetesLeaderElection.create(
                        settings.identity(), Objects.requireNonNull(settings.kubernetes()));
            }
            case LEASE ->
                ConfigCenterLeaseElection.create(settings.identity(), Objects.requireNonNull(settings.lease()));
        };
    }

    private static void requireClass(String className, String type, String artifact) {
        try {
            Class.forName(className, false, LeaderElections.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new IllegalStateException(
                    "dubbo.ai.election.type is " + type + " but " + className
                            + " is not on the class path; add the dependency " + artifact,
                    e);
        }
    }
}
