package io.dubboai.deployment.hosts;

import static org.assertj.core.api.Assertions.assertThat;

import io.dubboai.controlplane.fleet.Assignment;
import io.dubboai.controlplane.fleet.FleetDocuments;
import io.dubboai.controlplane.fleet.HostAssignments;
import io.dubboai.controlplane.fleet.HostCapacity;
import io.dubboai.controlplane.fleet.HostIndex;
import io.dubboai.controlplane.fleet.HostStatus;
import io.dubboai.controlplane.fleet.ServedState;
import io.dubboai.controlplane.fleet.ServedVersion;
import io.dubboai.controlplane.store.FileDocumentStore;
import io.dubboai.controlplane.store.JsonDocuments;
import io.dubboai.controlplane.testing.MutableClock;
import io.dubboai.deployment.rollout.DeploymentSpec;
import io.dubboai.deployment.rollout.VersionExecutor.Readiness;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Placement, readiness and removal against a real (file) document store holding the fleet's documents. */
class ModelHostsExecutorTest {

    private static final long GIB = 1024L * 1024 * 1024;
    private static final String H100 = "NVIDIA H100 80GB HBM3";
    /** The test clock's start. */
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    private static final Duration READY_DELAY = Duration.ofSeconds(2);
    private static final String OWNER = "rollout:risk-v2";

    @TempDir
    Path dir;

    private FileDocumentStore store;
    private JsonDocuments<HostStatus> statuses;
    private JsonDocuments<HostAssignments> assignments;
    private ModelHostsExecutor executor;
    private final MutableClock clock = new MutableClock();
    private final List<String> hostIds = new ArrayList<>();

    @BeforeEach
    void setUp() {
        store = new FileDocumentStore(dir);
        statuses = new JsonDocuments<>(store, HostStatus.class);
        assignments = new JsonDocuments<>(store, HostAssignments.class);
        executor = new ModelHostsExecutor(store, clock, Duration.ofSeconds(30), READY_DELAY);
    }

    @Test
    void placesReplicasOnDistinctFittingHostsAndIsReadyOnlyWhenEveryOneIsReady() {
        host("gpu-1", 16 * GIB, H100, 80 * 1024, NOW);
        host("gpu-2", 16 * GIB, H100, 80 * 1024, NOW);
        host("cpu-1", 64 * GIB, null, 0, NOW);
        DeploymentSpec spec = spec(2, new DeploymentSpec.Resources(null, "4Gi", 1, "nvidia h100 80gb hbm3", 40_000L));

        assertThat(executor.checkPlacement(spec)).isEmpty();
        Readiness first = executor.ensure(spec, "2", OWNER);

        assertThat(first.ready()).isFalse();
        assertThat(first.detail()).contains("0 of 2", "gpu-1: not reported yet", "gpu-2: not reported yet");
        assertThat(assignedTo("gpu-1")).containsExactly(new Assignment("risk", "2", OWNER));
        assertThat(assignedTo("gpu-2")).containsExactly(new Assignment("risk", "2", OWNER));
        assertThat(assignedTo("cpu-1")).isEmpty();

        serve("gpu-1", "2", ServedState.READY, null);
        serve("gpu-2", "2", ServedState.LOADING, null);
        assertThat(executor.ensure(spec, "2", OWNER).ready()).isFalse();
        serve("gpu-2", "2", ServedState.READY, null);
        Readiness settling = executor.ensure(spec, "2", OWNER);
        clock.advance(READY_DELAY);
        Readiness ready = executor.ensure(spec, "2", OWNER);

        // READY counts only after the ready delay, so that consumers have heard of the new provider URLs
        assertThat(settling.ready()).isFalse();
        assertThat(settling.detail()).contains("gpu-2: READY, counted in 2000 ms");
        assertThat(ready.ready()).isTrue();
        assertThat(ready.detail()).startsWith("2 of 2");
        assertThat(assignedTo("gpu-1")).hasSize(1);
    }

    @Test
    void refusesPreciselyWhenTooFewHostsFitAndAssignsNothing() {
        host("gpu-1", 16 * GIB, "NVIDIA A10G", 24 * 1024, NOW);
        host("gpu-2", 16 * GIB, H100, 80 * 1024, NOW);
        host("gpu-3", 16 * GIB, H100, 80 * 1024, NOW.minusSeconds(300));
        DeploymentSpec spec = spec(2, new DeploymentSpec.Resources(null, null, 1, H100, 0L));

        assertThat(executor.checkPlacement(spec)).hasValueSatisfying(problem -> assertThat(problem)
                .contains("needs 2 model host(s)", "1 of 2 registered host(s) fit", "gpu-1 has GPU NVIDIA A10G"));
        Readiness refused = executor.ensure(spec, "2", OWNER);

        assertThat(refused.ready()).isFalse();
        assertThat(refused.detail()).contains("cannot place 2 more replica(s)", "1 of 2 live host(s)");
        assertThat(assignedTo("gpu-2")).isEmpty();
        assertThat(executor.checkPlacement(spec(1, new DeploymentSpec.Resources(null, null, 1, H100, 0L))))
                .isEmpty();
    }

    @Test
    void freeMemoryDecidesAndLeastLoadedHostIsPreferred() {
        host("big-1", 32 * GIB, null, 0, NOW);
        host("big-2", 32 * GIB, null, 0, NOW);
        host("full", 32 * GIB, null, 0, NOW);
        statuses.update(FleetDocuments.hostKey("full"), s -> withFree(s, GIB));
        assignments.create(
                FleetDocuments.assignmentsKey("big-1"),
                new HostAssignments("big-1", List.of(new Assignment("other", "1", "operator:alice"))));
        DeploymentSpec spec = spec(1, new DeploymentSpec.Resources(null, "2Gi", 0, null, 0L));

        executor.ensure(spec, "2", OWNER);

        assertThat(assignedTo("big-2")).containsExactly(new Assignment("risk", "2", OWNER));
        assertThat(assignedTo("big-1")).containsExactly(new Assignment("other", "1", "operator:alice"));
        assertThat(assignedTo("full")).isEmpty();
    }

    @Test
    void reportsFailedHostsReasonAndRemoveTakesOnlyThatVersion() {
        host("h-1", 16 * GIB, null, 0, NOW);
        DeploymentSpec spec = spec(1, null);
        executor.ensure(spec, "1", "rollout:risk-v1");
        executor.ensure(spec, "2", OWNER);
        serve("h-1", "2", ServedState.FAILED, "checksum mismatch");

        assertThat(executor.ensure(spec, "2", OWNER).detail()).contains("h-1: FAILED (checksum mismatch)");
        executor.remove(spec, "1", OWNER);
        executor.remove(spec, "1", OWNER);

        assertThat(assignedTo("h-1")).containsExactly(new Assignment("risk", "2", OWNER));
    }

    @Test
    void replicaOnAHostReportingFailedOrRefusedMovesToAnotherFittingHostAndTheFailedEntryStays() {
        host("h-1", 16 * GIB, null, 0, NOW);
        host("h-2", 16 * GIB, null, 0, NOW);
        host("h-3", 16 * GIB, null, 0, NOW);
        DeploymentSpec spec = spec(1, null);
        executor.ensure(spec, "2", OWNER);
        assertThat(holders("2")).containsExactly("h-1");

        serve("h-1", "2", ServedState.FAILED, "checksum mismatch");
        Readiness moved = executor.ensure(spec, "2", OWNER);
        Readiness again = executor.ensure(spec, "2", OWNER);

        // the failed entry stays on h-1 (its reason visible, h-1 not tried again); the replica goes to h-2, once
        assertThat(holders("2")).containsExactly("h-1", "h-2");
        assertThat(moved.ready()).isFalse();
        assertThat(moved.detail())
                .contains("h-2: not reported yet", "lost replica(s)", "h-1: FAILED (checksum mismatch)");
        assertThat(again.detail()).isEqualTo(moved.detail());

        serve("h-2", "2", ServedState.REFUSED, "needs 3 GiB but only 1 GiB of the budget is free");
        executor.ensure(spec, "2", OWNER);
        assertThat(holders("2")).containsExactly("h-1", "h-2", "h-3");
        serve("h-3", "2", ServedState.READY, null);
        executor.ensure(spec, "2", OWNER);
        clock.advance(READY_DELAY);
        beat("h-1", "h-2", "h-3");
        assertThat(executor.ensure(spec, "2", OWNER).ready()).isTrue();

        // every host has failed it: nothing to move to, and the readiness says why, host by host
        serve("h-3", "2", ServedState.FAILED, "signature mismatch");
        Readiness stuck = executor.ensure(spec, "2", OWNER);
        assertThat(stuck.ready()).isFalse();
        assertThat(stuck.detail())
                .contains(
                        "cannot place 1 more replica(s)",
                        "0 of 3 live host(s) can take it",
                        "already on h-1, h-2, h-3",
                        "h-1: FAILED (checksum mismatch)",
                        "h-2: REFUSED (needs 3 GiB",
                        "h-3: FAILED (signature mismatch)");
        assertThat(holders("2")).containsExactly("h-1", "h-2", "h-3");
    }

    @Test
    void replicaOnASilentHostMovesToALiveHostAndOnlyTheRolloutsEntryIsRemovedThere() {
        host("h-1", 16 * GIB, null, 0, NOW);
        host("h-2", 16 * GIB, null, 0, NOW);
        DeploymentSpec spec = spec(1, null);
        executor.ensure(spec, "2", OWNER);
        assignments.update(
                FleetDocuments.assignmentsKey("h-1"),
                current -> new HostAssignments(
                        "h-1", List.of(current.versions().get(0), new Assignment("other", "1", "operator:alice"))));
        serve("h-1", "2", ServedState.READY, null);

        clock.advance(Duration.ofSeconds(31));
        beat("h-2");
        Readiness moved = executor.ensure(spec, "2", OWNER);
        Readiness again = executor.ensure(spec, "2", OWNER);

        assertThat(holders("2")).containsExactly("h-2");
        assertThat(assignedTo("h-1")).containsExactly(new Assignment("other", "1", "operator:alice"));
        assertThat(assignedTo("h-2")).containsExactly(new Assignment("risk", "2", OWNER));
        assertThat(moved.detail()).contains("h-2: not reported yet", "h-1: no heartbeat for PT30S or more");
        assertThat(again.ready()).isFalse();
        assertThat(holders("2")).containsExactly("h-2");
    }

    @Test
    void replicaOnASilentHostStaysWhenNoOtherHostFitsAndTheReadinessSaysWhy() {
        host("h-1", 16 * GIB, null, 0, NOW);
        host("small", GIB, null, 0, NOW);
        DeploymentSpec spec = spec(1, new DeploymentSpec.Resources(null, "4Gi", 0, null, 0L));
        executor.ensure(spec, "2", OWNER);
        assertThat(holders("2")).containsExactly("h-1");

        clock.advance(Duration.ofSeconds(31));
        beat("small");
        Readiness stuck = executor.ensure(spec, "2", OWNER);

        assertThat(stuck.ready()).isFalse();
        assertThat(stuck.detail())
                .contains(
                        "cannot place 1 more replica(s)",
                        "small holds 1024 MiB, needs 4096",
                        "h-1: no heartbeat for PT30S or more");
        assertThat(holders("2")).containsExactly("h-1");
    }

    @Test
    void readsKubernetesMemoryQuantities() {
        assertThat(ModelHostsExecutor.memoryBytes("4Gi")).isEqualTo(4 * GIB);
        assertThat(ModelHostsExecutor.memoryBytes("512Mi")).isEqualTo(512L * 1024 * 1024);
        assertThat(ModelHostsExecutor.memoryBytes("1G")).isEqualTo(1_000_000_000L);
        assertThat(ModelHostsExecutor.memoryBytes("1000")).isEqualTo(1000L);
        assertThat(ModelHostsExecutor.memoryBytes(null)).isZero();
    }

    private static DeploymentSpec spec(int replicas, DeploymentSpec.Resources resources) {
        return new DeploymentSpec("risk-v2", "risk", "2", replicas, null, resources, null, null, null, null, null)
                .withDefaults();
    }

    private void host(String id, long memory, String gpuType, long gpuMemoryMib, Instant heartbeat) {
        hostIds.add(id);
        JsonDocuments<HostIndex> index = new JsonDocuments<>(store, HostIndex.class);
        if (!index.create(FleetDocuments.HOST_INDEX_KEY, new HostIndex(List.of(id)))) {
            index.update(FleetDocuments.HOST_INDEX_KEY, current -> new HostIndex(List.copyOf(hostIds)));
        }
        HostCapacity capacity =
                new HostCapacity(memory, gpuType == null ? "cpu" : "cuda", gpuType, gpuMemoryMib * 1024 * 1024);
        statuses.create(
                FleetDocuments.hostKey(id), new HostStatus(id, "127.0.0.1:1", capacity, memory, heartbeat, List.of()));
    }

    private void serve(String hostId, String version, ServedState state, String reason) {
        statuses.update(FleetDocuments.hostKey(hostId), s -> {
            List<ServedVersion> versions = new ArrayList<>(s.versions().stream()
                    .filter(v -> !v.version().equals(version))
                    .toList());
            versions.add(new ServedVersion("risk", version, state, reason, GIB, NOW));
            return new HostStatus(s.hostId(), s.address(), s.capacity(), s.freeMemoryBytes(), s.heartbeat(), versions);
        });
    }

    private static HostStatus withFree(HostStatus s, long free) {
        return new HostStatus(s.hostId(), s.address(), s.capacity(), free, s.heartbeat(), s.versions());
    }

    /** Rewrites the hosts' heartbeats with the clock's time. */
    private void beat(String... hostIds) {
        for (String id : hostIds) {
            statuses.update(
                    FleetDocuments.hostKey(id),
                    s -> new HostStatus(
                            s.hostId(), s.address(), s.capacity(), s.freeMemoryBytes(), clock.instant(), s.versions()));
        }
    }

    /** Hosts whose assignments hold version {@code version} of {@code risk}, in the order they were registered. */
    private List<String> holders(String version) {
        return hostIds.stream()
                .filter(id -> assignedTo(id).stream()
                        .anyMatch(a -> a.model().equals("risk") && a.version().equals(version)))
                .toList();
    }

    private List<Assignment> assignedTo(String hostId) {
        return assignments
                .read(FleetDocuments.assignmentsKey(hostId))
                .map(HostAssignments::versions)
                .orElse(List.of());
    }
}
