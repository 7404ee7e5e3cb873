package io.dubboai.deployment.rollout;

import java.util.Optional;

/**
 * Brings model versions up and down where they run: Kubernetes Deployments, assignments to model hosts, or nothing at
 * all when providers are started by other means and only their readiness is awaited. The rollout decides when; the
 * executor only does. Every method is idempotent (the reconciler may call it again after a leader failover), and may
 * be called from the leader's reconciler thread only.
 */
public interface VersionExecutor {

    /** A short name for logs and status, e.g. {@code kubernetes}, {@code hosts}, {@code providers}. */
    String name();

    /**
     * Whether the spec's resources can be met at all (a GPU type, count or memory no node or host has), checked before
     * a deployment is accepted.
     *
     * @return what cannot be met and what there is, or empty
     */
    Optional<String> checkPlacement(DeploymentSpec spec);

    /**
     * Makes sure {@code version} of the spec's model runs with the spec's replicas and resources, and says whether it
     * is ready to take traffic.
     *
     * @param owner the rollout, {@code rollout:<name>}, for labels, owner references or assignment owners
     */
    Readiness ensure(DeploymentSpec spec, String version, String owner);

    /** Removes what {@link #ensure} made for {@code version} of {@code model}; nothing happens when there is none. */
    void remove(DeploymentSpec spec, String version, String owner);

    /**
     * Whether a version is ready.
     *
     * @param ready all wanted replicas can take traffic
     * @param detail what is ready and what is not, e.g. {@code 1 of 2 providers registered}
     */
    record Readiness(boolean ready, String detail) {}
}
