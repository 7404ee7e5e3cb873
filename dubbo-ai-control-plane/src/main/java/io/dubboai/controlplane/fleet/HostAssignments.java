package io.dubboai.controlplane.fleet;

import java.util.List;

/**
 * The versions a host must serve ({@code fleet.assignments.<hostId>}), written by executors and operators by
 * compare-and-set; the host watches it, loads what was added and drains what was removed.
 *
 * @param hostId the host
 * @param versions the assigned versions
 */
public record HostAssignments(String hostId, List<Assignment> versions) {
    public HostAssignments {
        versions = List.copyOf(versions);
    }
}
