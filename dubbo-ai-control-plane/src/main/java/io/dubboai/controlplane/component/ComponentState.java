package io.dubboai.controlplane.component;

/** Lifecycle state of one component as seen by its {@link ComponentManager}. */
public enum ComponentState {
    /** Not started: waiting for boot, or a leader component on a node that does not lead. */
    STOPPED,
    /** {@link Component#start()} is running. */
    STARTING,
    /** Started and serving. */
    RUNNING,
    /** {@link Component#stop()} is running. */
    STOPPING,
    /** The last start failed; a retry is scheduled with back-off. */
    FAILED
}
