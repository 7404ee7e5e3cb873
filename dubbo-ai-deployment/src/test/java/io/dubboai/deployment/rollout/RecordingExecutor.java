package io.dubboai.deployment.rollout;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A unit-test edge for the executor SPI: versions become ready when the test says so, and every call is recorded.
 * The end-to-end tests use the real executors.
 */
final class RecordingExecutor implements VersionExecutor {

    final Set<String> ready = new LinkedHashSet<>();
    final Set<String> running = new LinkedHashSet<>();
    final List<String> calls = new ArrayList<>();
    volatile String placementProblem;

    @Override
    public String name() {
        return "recording";
    }

    @Override
    public Optional<String> checkPlacement(DeploymentSpec spec) {
        return Optional.ofNullable(placementProblem);
    }

    @Override
    public synchronized Readiness ensure(DeploymentSpec spec, String version, String owner) {
        if (running.add(version)) {
            calls.add("ensure " + version);
        }
        boolean up = ready.contains(version);
        return new Readiness(up, up ? "1 of 1 ready" : "0 of 1 ready");
    }

    @Override
    public synchronized void remove(DeploymentSpec spec, String version, String owner) {
        if (running.remove(version)) {
            calls.add("remove " + version);
        }
    }
}
