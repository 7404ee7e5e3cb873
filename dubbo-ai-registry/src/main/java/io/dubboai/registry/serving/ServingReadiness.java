package io.dubboai.registry.serving;

import io.dubboai.controlplane.discovery.ModelProviderDirectory;
import io.dubboai.controlplane.fleet.FleetDocuments;
import io.dubboai.controlplane.fleet.HostIndex;
import io.dubboai.controlplane.fleet.HostStatus;
import io.dubboai.controlplane.fleet.ServedState;
import io.dubboai.controlplane.fleet.ServedVersion;
import io.dubboai.controlplane.store.DocumentStore;
import io.dubboai.controlplane.store.JsonDocuments;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells where a registered version is served: the model providers of the Dubbo registry ({@link ModelProviderDirectory})
 * and the model hosts' status documents ({@code fleet.host.<id>} in the fleet's document group). Either source may be
 * absent; with neither, readiness is unknown. A host whose heartbeat is older than {@code staleAfter} is reported but
 * not counted as ready.
 */
public final class ServingReadiness implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ServingReadiness.class);

    private final @Nullable Supplier<ModelProviderDirectory> providerSource;
    private @Nullable ModelProviderDirectory providers;
    private boolean providersFailed;
    private final @Nullable JsonDocuments<HostIndex> index;
    private final @Nullable JsonDocuments<HostStatus> statuses;
    private final Duration staleAfter;
    private final Clock clock;

    /**
     * @param providers opens the subscription to the Dubbo registry's model providers, or null; called on the first
     *     question only (a subscription creates registry nodes, so it is not made before it is needed)
     * @param fleet the document store (group) of the fleet's documents, or null
     * @param staleAfter a host silent for longer is not counted
     * @param clock compared with the hosts' heartbeats
     */
    public ServingReadiness(
            @Nullable Supplier<ModelProviderDirectory> providers,
            @Nullable DocumentStore fleet,
            Duration staleAfter,
            Clock clock) {
        this.providerSource = providers;
        this.index = fleet == null ? null : new JsonDocuments<>(fleet, HostIndex.class);
        this.statuses = fleet == null ? null : new JsonDocuments<>(fleet, HostStatus.class);
        this.staleAfter = staleAfter;
        this.clock = clock;
    }

    /** Where {@code version} of {@code model} is served now. */
    public VersionServing of(String model, long version) {
        String v = Long.toString(version);
        List<String> sources = new ArrayList<>();
        Set<String> ready = new LinkedHashSet<>();
        List<String> registered = new ArrayList<>();
        ModelProviderDirectory directory = directory();
        if (directory != null) {
            sources.add("dubbo-registry");
            for (ModelProviderDirectory.ModelProvider provider : directory.providers(model, v)) {
                registered.add(provider.address());
                ready.add(provider.address());
            }
        }
        List<VersionServing.HostServing> hosts = new ArrayList<>();
        if (index != null && statuses != null) {
            try {
                List<String> ids = index.read(FleetDocuments.HOST_INDEX_KEY)
                        .map(HostIndex::hosts)
                        .orElse(List.of());
                for (String id : ids) {
                    HostStatus status =
                            statuses.read(FleetDocuments.hostKey(id)).orElse(null);
                    if (status == null) {
                        continue;
                    }
                    boolean alive = !status.heartbeat().plus(staleAfter).isBefore(clock.instant());
                    for (ServedVersion served : status.versions()) {
                        if (served.model().equals(model) && served.version().equals(v)) {
                            hosts.add(new VersionServing.HostServing(
                                    id, status.address(), served.state(), served.reason(), served.since(), alive));
                            if (alive && served.state() == ServedState.READY) {
                                ready.add(status.address());
                            }
                        }
                    }
                }
                sources.add("fleet-documents");
            } catch (RuntimeException e) {
                log.warn("Cannot read the fleet documents for model '{}' version {}: {}", model, v, e.getMessage());
            }
        }
        return new VersionServing(model, version, ready.size(), registered, hosts, sources);
    }

    private synchronized @Nullable ModelProviderDirectory directory() {
        if (providers == null && providerSource != null && !providersFailed) {
            try {
                providers = providerSource.get();
            } catch (RuntimeException e) {
                providersFailed = true;
                log.warn(
                        "The registry cannot see model providers ({}); readiness comes from fleet documents only",
                        e.getMessage());
            }
        }
        return providers;
    }

    /** Why moving an alias to this version is refused: a sentence naming what was found. */
    public static String noReadyProvider(VersionServing serving) {
        StringBuilder why = new StringBuilder("version " + serving.version() + " of model '" + serving.model()
                + "' has no ready provider (consulted " + String.join(" and ", serving.sources()) + "; ");
        if (serving.hosts().isEmpty()) {
            why.append("no model host is assigned it");
        } else {
            List<String> states = serving.hosts().stream()
                    .map(h -> h.hostId() + " " + h.state() + (h.alive() ? "" : " (heartbeat stale)")
                            + (h.reason() == null ? "" : ": " + h.reason()))
                    .toList();
            why.append("hosts: ").append(String.join("; ", states));
        }
        return why.append("); serve it first, or move the alias anyway with ?force=true")
                .toString();
    }

    @Override
    public synchronized void close() {
        if (providers != null) {
            providers.close();
        }
    }
}
