package io.dubboai.controlplane.election;

import java.util.Optional;

/**
 * Elects one leader among the control-plane nodes sharing a backend: {@code single} (always leader),
 * {@code zookeeper} (Curator on Dubbo's ZooKeeper), {@code kubernetes} (a {@code coordination.k8s.io} Lease) or
 * {@code lease} (a lease document in the Dubbo config center: Nacos or ZooKeeper).
 *
 * <p>Contract for every backend: {@link LeadershipListener#leadershipLost()} is called as soon as this node can no
 * longer be sure it leads (ZooKeeper connection suspended, Lease not renewed before its renew deadline), which is
 * before another node can acquire leadership, so leader-only work stops first. Listener calls for one election
 * are never concurrent. Backends call the listener from their own thread, never from inside a client library's
 * callback, so {@link LeadershipListener#leadershipLost()} may block until leader-only work has stopped; on {@link
 * #close()} leadership is released only after it returned.
 *
 * <p>Implementations: {@link SingleNodeElection}, {@code ZooKeeperLeaderElection}, {@link KubernetesLeaderElection},
 * {@link ConfigCenterLeaseElection};
 * {@link LeaderElections#create} picks one from {@link ElectionSettings}.
 */
public interface LeaderElection extends AutoCloseable {

    /** This node's identity in the election (host name, pod name, or a configured id). */
    String identity();

    /** Joins the election; {@code listener} hears of every gain and loss. May be called once. */
    void start(LeadershipListener listener);

    /** Whether this node leads right now. */
    boolean isLeader();

    /** The identity of the current leader, if known. */
    Optional<String> currentLeader();

    /** Leaves the election, giving up leadership (the listener hears of the loss first). Idempotent. */
    @Override
    void close();
}
