package io.dubboai.registry.component;

import io.dubboai.controlplane.component.Component;
import io.dubboai.registry.ModelVersion;
import io.dubboai.registry.RegisteredModel;
import io.dubboai.registry.artifact.ArtifactStore;
import io.dubboai.registry.artifact.StoredArtifact;
import io.dubboai.registry.store.MetadataStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leader-only: deletes artifacts in the artifact store that no model version references (left by failed
 * registrations, deleted versions whose artifact delete failed, or crashed uploads).
 *
 * <h2>Algorithm</h2>
 * Mark and sweep: list the store's artifacts, collect the artifact URIs of every version in the index, delete
 * listed artifacts that are not referenced and older than the grace period. The grace period protects an upload
 * whose version update has not landed yet; the listing is taken before the references, so an artifact uploaded
 * during a pass is either too young or already referenced.
 */
public final class ArtifactGcComponent implements Component {

    private static final Logger log = LoggerFactory.getLogger(ArtifactGcComponent.class);

    /** The component name. */
    public static final String NAME = "model-registry-artifact-gc";

    private final MetadataStore store;
    private final ArtifactStore artifacts;
    private final Duration interval;
    private final Duration gracePeriod;
    private final Clock clock;
    private @Nullable ScheduledExecutorService executor;

    /**
     * @param store the metadata (read from the index)
     * @param artifacts the store to clean
     * @param interval time between passes
     * @param gracePeriod artifacts younger than this are kept
     * @param clock time source
     */
    public ArtifactGcComponent(
            MetadataStore store, ArtifactStore artifacts, Duration interval, Duration gracePeriod, Clock clock) {
        if (interval.isNegative() || interval.isZero() || gracePeriod.isNegative()) {
            throw new IllegalArgumentException("gc interval must be positive and grace period not negative, but were "
                    + interval + " and " + gracePeriod);
        }
        this.store = store;
        this.artifacts = artifacts;
        this.interval = interval;
        this.gracePeriod = gracePeriod;
        this.clock = clock;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean needsLeadership() {
        return true;
    }

    @Override
    public synchronized void start() {
        if (executor != null) {
            return;
        }
        ScheduledExecutorService started = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, NAME);
            thread.setDaemon(true);
            return thread;
        });
        started.scheduleWithFixedDelay(this::safePass, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        executor = started;
    }

    @Override
    public synchronized void stop() {
        if (executor != null) {
            executor.shutdownNow();
            executor = null;
        }
    }

    private void safePass() {
        try {
            collect();
        } catch (RuntimeException e) {
            log.warn("Artifact garbage collection failed; next pass in {}", interval, e);
        }
    }

    /** Runs one pass now; returns the URIs deleted. */
    public List<String> collect() {
        List<StoredArtifact> listed = artifacts.list();
        Set<String> referenced = new HashSet<>();
        for (RegisteredModel model : store.models()) {
            for (ModelVersion version : store.versions(model.name())) {
                if (version.artifactUri() != null) {
                    referenced.add(version.artifactUri());
                }
                if (version.referenceProfile() != null) {
                    referenced.add(version.referenceProfile().uri());
                }
            }
        }
        Instant cutoff = clock.instant().minus(gracePeriod);
        List<String> deleted = new ArrayList<>();
        for (StoredArtifact artifact : listed) {
            if (!referenced.contains(artifact.uri()) && artifact.lastModified().isBefore(cutoff)) {
                artifacts.delete(artifact.uri());
                deleted.add(artifact.uri());
            }
        }
        if (!deleted.isEmpty()) {
            log.info("Deleted {} orphaned artifacts: {}", deleted.size(), deleted);
        }
        return deleted;
    }
}
