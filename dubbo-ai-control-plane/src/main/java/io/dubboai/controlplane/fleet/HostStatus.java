package io.dubboai.controlplane.fleet;

import java.time.Instant;
import java.util.List;

/**
 * What a host serves, written by that host only ({@code fleet.host.<hostId>}).
 *
 * @param hostId the host
 * @param address its Triple address, {@code host:port}
 * @param capacity what it can hold
 * @param freeMemoryBytes budget left after the loaded and loading versions
 * @param heartbeat when the host last wrote this document; a reader treats a host silent for longer than a few
 *     heartbeat intervals as gone
 * @param versions every assigned or draining version with its state
 */
public record HostStatus(
        String hostId,
        String address,
        HostCapacity capacity,
        long freeMemoryBytes,
        Instant heartbeat,
        List<ServedVersion> versions) {
    public HostStatus {
        versions = List.copyOf(versions);
    }
}
