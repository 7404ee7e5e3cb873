package io.dubboai.deployment.hosts;

import io.dubboai.controlplane.fleet.Assignment;
import io.dubboai.controlplane.fleet.FleetDocuments;
import io.dubboai.controlplane.fleet.HostAssignments;
import io.dubboai.controlplane.fleet.HostIndex;
import io.dubboai.controlplane.fleet.HostStatus;
import io.dubboai.controlplane.fleet.ServedState;
import io.dubboai.controlplane.fleet.ServedVersion;
import io.dubboai.controlplane.store.DocumentStore;
import io.dubboai.controlplane.store.JsonDocuments;
import io.dubboai.deployment.rollout.DeploymentSpec;
import io.dubboai.deployment.rollout.VersionExecutor;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The universal executor for model hosts ({@code dubbo-ai-model-host}): it places a version onto hosts by adding an
 * {@link Assignment} (owner {@code rollout:<name>}) to their {@link HostAssignments} by compare-and-set, and a version is
 * ready once every assigned host reports it {@link ServedState#READY} in its {@link HostStatus}.
 *
 * <p>Placement: a host can take a replica when it is alive (heartbeat within {@code staleAfter}), has the spec's GPU
 * type (when one is asked for; compared ignoring case), at least the spec's GPU memory, and free memory for the spec's
 * {@code resources.memory}; replicas spread one per host, preferring hosts with fewer assignments and more free memory.
 * When fewer hosts can take the version than it has replicas, nothing is assigned and the readiness says why, host by
 * host.
 *
 * <p>Readiness: a replica counts once its host has reported the version {@code READY} for {@code readyDelay}, as this
 * executor saw it (so consumers have heard of its provider URL before the rule sends it traffic: Dubbo's ZooKeeper
 * registry may hold an address change back up to its {@code delay-notification}, 5 s by default).
 *
 * <p><b>Re-placement</b> (level-based: every {@link #ensure} looks again): a replica is lost when its host reports the
 * version {@code FAILED} or {@code REFUSED}, or when the host's heartbeat is older than {@code staleAfter}. Lost
 * replicas are placed again on other fitting hosts, never on a host that already holds the version in any state. The
 * failed or refused entry stays on its host (the reason stays visible there, and the host is not tried again: no
 * ping-pong between two hosts that cannot load it) until the version is removed; a silent host's entries owned by a
 * rollout ({@code rollout:*}) are removed once the replacement is assigned, and entries of other owners (operators) are
 * left alone. When no host can take the replacement, nothing moves and the readiness says, host by host, why not.
 * Calling {@link #ensure} again with the same documents changes nothing.
 */
public final class ModelHostsExecutor implements VersionExecutor {

    private static final Logger log = LoggerFactory.getLogger(ModelHostsExecutor.class);
    private static final long MIB = 1024L * 1024L;

    /** Owners of the entries the deployment controller wrote, {@code rollout:<name>}. */
    private static final String ROLLOUT_OWNER_PREFIX = "rollout:";

    private final JsonDocuments<HostIndex> index;
    private final JsonDocuments<HostStatus> statuses;
    private final JsonDocuments<HostAssignments> assignments;
    private final Clock clock;
    private final Duration staleAfter;
    private final Duration readyDelay;
    private final Set<String> refusalLogged = ConcurrentHashMap.newKeySet();
    /** When this executor first saw a replica READY, by model, version and host; forgotten when it is not. */
    private final Map<String, Instant> readySeen = new ConcurrentHashMap<>();

    /** How long a replica must have been READY before it counts, unless configured: Dubbo's notification delay. */
    public static final Duration DEFAULT_READY_DELAY = Duration.ofSeconds(5);

    /**
     * @param fleet the fleet's documents (group {@link FleetDocuments#DEFAULT_GROUP} unless configured otherwise)
     * @param clock for heartbeats
     * @param staleAfter a host whose heartbeat is older is taken as gone and gets nothing new
     */
    public ModelHostsExecutor(DocumentStore fleet, Clock clock, Duration staleAfter) {
        this(fleet, clock, staleAfter, DEFAULT_READY_DELAY);
    }

    /**
     * @param fleet the fleet's documents (group {@link FleetDocuments#DEFAULT_GROUP} unless configured otherwise)
     * @param clock for heartbeats and the ready delay
     * @param staleAfter a host whose heartbeat is older is taken as gone: it gets nothing new and its replicas are
     *     placed elsewhere; positive
     * @param readyDelay how long a replica must have been {@code READY} before it counts as ready; zero or more
     */
    public ModelHostsExecutor(DocumentStore fleet, Clock clock, Duration staleAfter, Duration readyDelay) {
        if (staleAfter.isNegative() || staleAfter.isZero()) {
            throw new IllegalArgumentException(
                    "dubbo.ai.deployment.hosts.stale-after must be positive, but was " + staleAfter);
        }
        if (readyDelay.isNegative()) {
            throw new IllegalArgumentException(
                    "dubbo.ai.deployment.hosts.ready-delay must be zero or more, but was " + readyDelay);
        }
        this.readyDelay = readyDelay;
        this.index = new JsonDocuments<>(fleet, HostIndex.class);
        this.statuses = new JsonDocuments<>(fleet, HostStatus.class);
        this.assignments = new JsonDocuments<>(fleet, HostAssignments.class);
        this.clock = clock;
        this.staleAfter = staleAfter;
    }

    @Override
    public String name() {
        return "hosts";
    }

    @Override
    public Optional<String> checkPlacement(DeploymentSpec spec) {
        List<HostStatus> hosts = hosts();
        List<String> unfit = new ArrayList<>();
        long fitting = hosts.stream()
                .filter(host -> {
                    Optional<String> why = unfitStatic(spec, host);
                    why.ifPresent(unfit::add);
                    return why.isEmpty();
                })
                .count();
        int wanted = spec.initialReplicas();
        if (fitting >= wanted) {
            return Optional.empty();
        }
        return Optional.of("needs " + wanted + " model host(s) for " + describe(spec) + ", " + fitting + " of "
                + hosts.size() + " registered host(s) fit" + (unfit.isEmpty() ? "" : ": " + String.join("; ", unfit))
                + "; start hosts that fit or lower the spec's replicas or resources");
    }

    @Override
    public Readiness ensure(DeploymentSpec spec, String version, String owner) {
        String model = spec.model();
        int wanted = spec.initialReplicas();
        Map<String, HostStatus> live = new LinkedHashMap<>();
        hosts().forEach(host -> live.put(host.hostId(), host));
        List<String> placed = assignedHosts(model, version);
        List<String> healthy = new ArrayList<>();
        List<String> silent = new ArrayList<>();
        List<String> lost = new ArrayList<>();
        for (String hostId : placed) {
            HostStatus status = live.get(hostId);
            if (status == null) {
                silent.add(hostId);
                lost.add(hostId + ": no heartbeat for " + staleAfter + " or more");
                continue;
            }
            Optional<ServedVersion> served = served(status, model, version);
            if (served.isPresent()
                    && (served.get().state() == ServedState.FAILED
                            || served.get().state() == ServedState.REFUSED)) {
                lost.add(hostId + ": " + served.get().state() + " ("
                        + Objects.requireNonNullElse(served.get().reason(), "no reason given") + ")");
                continue;
            }
            healthy.add(hostId);
        }
        int missing = wanted - healthy.size();
        if (missing > 0) {
            List<String> unfit = new ArrayList<>();
            List<HostStatus> candidates = live.values().stream()
                    .filter(host -> !placed.contains(host.hostId()))
                    .filter(host -> {
                        Optional<String> why = unfit(spec, host);
                        why.ifPresent(unfit::add);
                        return why.isEmpty();
                    })
                    .sorted(Comparator.<HostStatus>comparingInt(host -> assignedCount(host.hostId()))
                            .thenComparing(Comparator.comparingLong(HostStatus::freeMemoryBytes)
                                    .reversed())
                            .thenComparing(HostStatus::hostId))
                    .toList();
            if (candidates.size() < missing) {
                String detail = "cannot place " + missing + " more replica(s) of " + model + " version " + version
                        + " (" + describe(spec) + "): " + candidates.size() + " of " + live.size()
                        + " live host(s) can take it"
                        + (unfit.isEmpty() ? "" : "; " + String.join("; ", unfit))
                        + (placed.isEmpty() ? "" : "; already on " + String.join(", ", placed))
                        + (lost.isEmpty() ? "" : "; lost: " + String.join("; ", lost));
                if (refusalLogged.add(model + ":" + version + ":" + detail)) {
                    log.warn("{} ({})", detail, owner);
                }
                return new Readiness(false, detail);
            }
            for (HostStatus host : candidates.subList(0, missing)) {
                assign(host.hostId(), new Assignment(model, version, owner));
                healthy.add(host.hostId());
                if (lost.isEmpty()) {
                    log.info("Assigned model {} version {} to host {} ({})", model, version, host.hostId(), owner);
                } else {
                    log.warn(
                            "Re-placed model {} version {} onto host {} ({}); lost replica(s): {}",
                            model,
                            version,
                            host.hostId(),
                            owner,
                            String.join("; ", lost));
                }
            }
        }
        for (String hostId : silent) {
            unassignFromSilentHost(hostId, model, version);
        }
        return readiness(model, version, wanted, healthy, lost, live);
    }

    @Override
    public void remove(DeploymentSpec spec, String version, String owner) {
        String model = spec.model();
        for (String hostId : assignedHosts(model, version)) {
            assignments.update(FleetDocuments.assignmentsKey(hostId), current -> {
                List<Assignment> kept = current.versions().stream()
                        .filter(a -> !(a.model().equals(model) && a.version().equals(version)))
                        .toList();
                return kept.size() == current.versions().size() ? current : new HostAssignments(hostId, kept);
            });
            log.info("Unassigned model {} version {} from host {} ({})", model, version, hostId, owner);
        }
        readySeen.keySet().removeIf(key -> key.startsWith(model + "\n" + version + "\n"));
    }

    private Readiness readiness(
            String model,
            String version,
            int wanted,
            List<String> healthy,
            List<String> lost,
            Map<String, HostStatus> live) {
        Instant now = clock.instant();
        int ready = 0;
        List<String> states = new ArrayList<>();
        for (String hostId : healthy) {
            HostStatus status = live.get(hostId);
            Optional<ServedVersion> served = status == null ? Optional.empty() : served(status, model, version);
            String key = model + "\n" + version + "\n" + hostId;
            if (served.isEmpty()) {
                readySeen.remove(key);
                states.add(hostId + ": not reported yet");
                continue;
            }
            ServedVersion v = served.get();
            if (v.state() != ServedState.READY) {
                readySeen.remove(key);
                states.add(hostId + ": " + v.state() + (v.reason() == null ? "" : " (" + v.reason() + ")"));
                continue;
            }
            Instant seen = readySeen.computeIfAbsent(key, k -> now);
            Duration left = readyDelay.minus(Duration.between(seen, now));
            if (left.isNegative() || left.isZero()) {
                ready++;
                states.add(hostId + ": READY");
            } else {
                states.add(hostId + ": READY, counted in " + left.toMillis() + " ms (ready delay " + readyDelay
                        + ", for consumers to hear of it)");
            }
        }
        return new Readiness(
                ready >= wanted,
                ready + " of " + wanted + " model host(s) serve " + model + " version " + version + " READY ("
                        + String.join(", ", states) + ")"
                        + (lost.isEmpty() ? "" : "; lost replica(s), placed elsewhere: " + String.join("; ", lost)));
    }

    /** Removes a silent host's rollout-owned entries of a version (its replacement is assigned); others stay. */
    private void unassignFromSilentHost(String hostId, String model, String version) {
        boolean[] moved = {false};
        assignments.update(FleetDocuments.assignmentsKey(hostId), current -> {
            List<Assignment> kept = current.versions().stream()
                    .filter(a -> !(a.model().equals(model)
                            && a.version().equals(version)
                            && a.owner() != null
                            && a.owner().startsWith(ROLLOUT_OWNER_PREFIX)))
                    .toList();
            moved[0] = kept.size() != current.versions().size();
            return moved[0] ? new HostAssignments(hostId, kept) : current;
        });
        if (!moved[0]) {
            return;
        }
        log.warn(
                "Model {} version {}: host {} is silent (no heartbeat for {} or more); its entry was removed there",
                model,
                version,
                hostId,
                staleAfter);
    }

    private static Optional<ServedVersion> served(HostStatus status, String model, String version) {
        return status.versions().stream()
                .filter(v -> v.model().equals(model) && v.version().equals(version))
                .findFirst();
    }

    private void assign(String hostId, Assignment assignment) {
        String key = FleetDocuments.assignmentsKey(hostId);
        if (assignments.create(key, new HostAssignments(hostId, List.of(assignment)))) {
            return;
        }
        assignments.update(key, current -> {
            if (current.versions().stream()
                    .anyMatch(a ->
                            a.model().equals(assignment.model()) && a.version().equals(assignment.version()))) {
                return current;
            }
            List<Assignment> next = new ArrayList<>(current.versions());
            next.add(assignment);
            return new HostAssignments(hostId, next);
        });
    }

    /** Ids of registered hosts whose assignments hold this version, in index order. */
    private List<String> assignedHosts(String model, String version) {
        return registered().stream()
                .filter(hostId -> assignments.read(FleetDocuments.assignmentsKey(hostId)).stream()
                        .flatMap(a -> a.versions().stream())
                        .anyMatch(a -> a.model().equals(model) && a.version().equals(version)))
                .collect(Collectors.toCollection(ArrayList::new));
    }

    private int assignedCount(String hostId) {
        return assignments
                .read(FleetDocuments.assignmentsKey(hostId))
                .map(a -> a.versions().size())
                .orElse(0);
    }

    private List<String> registered() {
        return index.read(FleetDocuments.HOST_INDEX_KEY).map(HostIndex::hosts).orElse(List.of());
    }

    /** Live hosts with a status. */
    private List<HostStatus> hosts() {
        var oldest = clock.instant().minus(staleAfter);
        return registered().stream()
                .flatMap(hostId -> statuses.read(FleetDocuments.hostKey(hostId)).stream())
                .filter(status -> !status.heartbeat().isBefore(oldest))
                .toList();
    }

    /** Why the host can never take a replica of the spec (GPU type, GPU memory, memory capacity), or empty. */
    private static Optional<String> unfitStatic(DeploymentSpec spec, HostStatus host) {
        DeploymentSpec.Resources resources = spec.resourcesOrNone();
        var capacity = host.capacity();
        if (resources.gpuCount() > 0 && capacity.gpuType() == null) {
            return Optional.of(host.hostId() + " has no GPU");
        }
        if (resources.gpuType() != null && !resources.gpuType().equalsIgnoreCase(capacity.gpuType())) {
            return Optional.of(host.hostId() + " has GPU " + capacity.gpuType() + ", not " + resources.gpuType());
        }
        if (resources.gpuMemory() * MIB > capacity.gpuMemoryBytes()) {
            return Optional.of(host.hostId() + " has " + capacity.gpuMemoryBytes() / MIB + " MiB GPU memory, needs "
                    + resources.gpuMemory());
        }
        long memory = memoryBytes(resources.memory());
        if (memory > capacity.memoryBytes()) {
            return Optional.of(
                    host.hostId() + " holds " + capacity.memoryBytes() / MIB + " MiB, needs " + memory / MIB);
        }
        return Optional.empty();
    }

    /** {@link #unfitStatic}, and free memory now. */
    private static Optional<String> unfit(DeploymentSpec spec, HostStatus host) {
        Optional<String> why = unfitStatic(spec, host);
        if (why.isPresent()) {
            return why;
        }
        long memory = memoryBytes(spec.resourcesOrNone().memory());
        if (memory > host.freeMemoryBytes()) {
            return Optional.of(
                    host.hostId() + " has " + host.freeMemoryBytes() / MIB + " MiB free, needs " + memory / MIB);
        }
        return Optional.empty();
    }

    private static String describe(DeploymentSpec spec) {
        DeploymentSpec.Resources r = spec.resourcesOrNone();
        return "gpu " + r.gpuCount() + (r.gpuType() == null ? "" : " " + r.gpuType())
                + (r.gpuMemory() == 0 ? "" : ", " + r.gpuMemory() + " MiB GPU memory")
                + (r.memory() == null ? "" : ", memory " + r.memory());
    }

    /** A Kubernetes memory quantity in bytes ({@code 512Mi}, {@code 4Gi}, {@code 1G}, {@code 1000}); 0 for null. */
    static long memoryBytes(@Nullable String quantity) {
        if (quantity == null || quantity.isBlank()) {
            return 0;
        }
        String[][] suffixes = {
            {"Ki", "1024"},
            {"Mi", "1048576"},
            {"Gi", "1073741824"},
            {"Ti", "1099511627776"},
            {"k", "1000"},
            {"M", "1000000"},
            {"G", "1000000000"},
            {"T", "1000000000000"},
            {"m", "0.001"}
        };
        for (String[] suffix : suffixes) {
            if (quantity.endsWith(suffix[0])) {
                double number = Double.parseDouble(quantity.substring(0, quantity.length() - suffix[0].length()));
                return (long) Math.ceil(number * Double.parseDouble(suffix[1]));
            }
        }
        return (long) Math.ceil(Double.parseDouble(quantity));
    }
}
