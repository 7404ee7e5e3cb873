package io.dubboai.registry.serving;

import io.dubboai.controlplane.fleet.ServedState;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Where a model version is served now.
 *
 * @param model the model
 * @param version the version
 * @param readyProviders distinct provider addresses that serve it and are ready: the Dubbo registry's providers of
 *     the version (plain providers and model hosts alike) plus model hosts reporting it {@code READY} with a fresh
 *     heartbeat
 * @param providers the addresses registered for it in the Dubbo registry
 * @param hosts what every model host assigned the version reports
 * @param sources what was consulted, e.g. {@code dubbo-registry}, {@code fleet-documents}; empty when nothing could be
 *     (then readiness is unknown and no alias move is refused)
 */
public record VersionServing(
        String model,
        long version,
        int readyProviders,
        List<String> providers,
        List<HostServing> hosts,
        List<String> sources) {

    public VersionServing {
        providers = List.copyOf(providers);
        hosts = List.copyOf(hosts);
        sources = List.copyOf(sources);
    }

    /** Whether readiness could be determined at all. */
    public boolean known() {
        return !sources.isEmpty();
    }

    /**
     * One model host's state for the version.
     *
     * @param hostId the host
     * @param address its Triple address
     * @param state what it reports
     * @param reason why it failed or was refused, else null
     * @param since when it entered the state
     * @param alive whether the host's heartbeat is fresh
     */
    public record HostServing(
            String hostId,
            String address,
            ServedState state,
            @Nullable String reason,
            Instant since,
            boolean alive) {}
}
