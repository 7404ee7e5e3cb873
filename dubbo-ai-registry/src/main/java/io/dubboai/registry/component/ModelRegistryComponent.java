package io.dubboai.registry.component;

import io.dubboai.controlplane.component.Component;
import io.dubboai.registry.store.MetadataStore;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The registry on every control-plane node: loads the metadata index and keeps it fresh, so reads and the REST
 * API work on any node. Writes need no leadership (they are compare-and-set). Background work that must run
 * once per cluster lives in {@link ArtifactGcComponent}.
 */
public final class ModelRegistryComponent implements Component {

    /** The component name. */
    public static final String NAME = "model-registry";

    private final MetadataStore store;
    private final AtomicBoolean started = new AtomicBoolean();

    /** @param store the metadata store to start and stop */
    public ModelRegistryComponent(MetadataStore store) {
        this.store = store;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int order() {
        return -100;
    }

    /** Starts the store (loads the index); a second call does nothing. */
    @Override
    public void start() {
        if (started.compareAndSet(false, true)) {
            store.start();
        }
    }

    /** Whether the index is loaded. */
    public boolean isStarted() {
        return started.get();
    }

    @Override
    public void stop() {
        if (started.compareAndSet(true, false)) {
            store.close();
        }
    }
}
