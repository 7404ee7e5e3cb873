package io.dubboai.controlplane.fleet;

import java.util.List;

/**
 * Every host that registered ({@value FleetDocuments#HOST_INDEX_KEY}); a host is listed until an operator removes it,
 * and its status' heartbeat says whether it is alive.
 *
 * @param hosts host ids, in registration order
 */
public record HostIndex(List<String> hosts) {
    public HostIndex {
        hosts = List.copyOf(hosts);
    }
}
