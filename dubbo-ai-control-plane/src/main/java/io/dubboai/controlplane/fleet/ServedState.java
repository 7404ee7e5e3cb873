package io.dubboai.controlplane.fleet;

/** Where a version assigned to a host stands. */
public enum ServedState {
    /** Fetching, verifying, loading or warming up; not routable yet. */
    LOADING,
    /** Loaded, warmed up and registered: consumers may call it. */
    READY,
    /** Could not be served; the reason says why (checksum, signature, fetch, load). The host serves the others. */
    FAILED,
    /** Refused before loading because it does not fit the host's free memory; the reason gives the numbers. */
    REFUSED,
    /** Unassigned: no new calls, in-flight calls finishing, then unloaded. */
    DRAINING
}
