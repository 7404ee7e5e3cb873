package io.dubboai.server.spring;

import io.dubboai.monitor.control.drift.ReferenceStore;
import io.dubboai.monitor.control.drift.StoredReference;
import io.dubboai.monitor.control.drift.StoredReferenceCodec;
import io.dubboai.monitor.sketch.FeatureProfile;
import io.dubboai.registry.ModelRegistry;
import io.dubboai.registry.ModelVersion;
import io.dubboai.registry.ReferenceProfileLink;
import io.dubboai.registry.RegistryException;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reference profiles kept with the model version in the registry: an artifact of the version in the registry's
 * artifact store (file or S3), its SHA-256 and feature names in the version record, deleted with the version. No
 * feature limit besides the artifact store's. A profile still in the monitoring documents (stored before this) is
 * moved into the registry on its first read and the document deleted. A registry without an artifact store (or no
 * registry) leaves the profiles in the monitoring documents, as before.
 */
public final class RegistryReferenceStore implements ReferenceStore {

    private static final Logger log = LoggerFactory.getLogger(RegistryReferenceStore.class);

    private final Supplier<@Nullable ModelRegistry> registries;
    private final @Nullable ReferenceStore legacy;

    /**
     * @param registry the model registry, looked up on each call (null when the server runs without one)
     * @param legacy the monitoring documents of earlier releases, migrated on first read; null for none
     */
    public RegistryReferenceStore(Supplier<@Nullable ModelRegistry> registry, @Nullable ReferenceStore legacy) {
        this.registries = registry;
        this.legacy = legacy;
    }

    /** The registry when it can keep profiles (it has an artifact store), else null. */
    private @Nullable ModelRegistry registry() {
        ModelRegistry registry = registries.get();
        return registry != null && registry.artifacts().isPresent() ? registry : null;
    }

    private ReferenceStore requireLegacy() {
        if (legacy == null) {
            throw new IllegalStateException("reference profiles need the model registry with an artifact store (set"
                    + " dubbo.ai.registry.artifacts.type to 'file' or 's3') or a config center");
        }
        return legacy;
    }

    @Override
    public Optional<StoredReference> find(String model, String version) {
        ModelRegistry registry = registry();
        if (registry == null) {
            return legacy == null ? Optional.empty() : legacy.find(model, version);
        }
        long number = number(version);
        Optional<byte[]> bytes = call(() -> registry.readReferenceProfile(model, number));
        if (bytes.isPresent()) {
            ModelVersion current = call(() -> registry.getVersion(model, number));
            ReferenceProfileLink link = current.referenceProfile();
            return Optional.of(
                    StoredReferenceCodec.decode(bytes.get(), link == null ? "model '" + model + "'" : link.uri()));
        }
        if (legacy == null) {
            return Optional.empty();
        }
        Optional<StoredReference> old = legacy.find(model, version);
        old.ifPresent(reference -> {
            put(reference, ModelRegistry.ANONYMOUS);
            legacy.delete(model, version, ModelRegistry.ANONYMOUS);
            log.info(
                    "moved the reference profile of model '{}' version {} from the monitoring documents into the"
                            + " registry",
                    model,
                    version);
        });
        return old;
    }

    @Override
    public StoredReference put(StoredReference reference, String actor) {
        ModelRegistry registry = registry();
        if (registry == null) {
            return requireLegacy().put(reference, actor);
        }
        long number = number(reference.version());
        call(() -> registry.attachReferenceProfile(
                reference.model(),
                number,
                StoredReferenceCodec.encode(reference),
                reference.source(),
                reference.profile().features().stream()
                        .map(FeatureProfile::feature)
                        .toList(),
                actor));
        return reference;
    }

    @Override
    public boolean delete(String model, String version, String actor) {
        ModelRegistry registry = registry();
        if (registry == null) {
            return legacy != null && legacy.delete(model, version, actor);
        }
        long number = number(version);
        boolean deleted = call(() -> registry.detachReferenceProfile(model, number, actor));
        boolean deletedOld = legacy != null && legacy.delete(model, version, actor);
        return deleted || deletedOld;
    }

    @Override
    public String describe() {
        return registry() != null ? "the model registry" : "the monitoring documents";
    }

    private static long number(String version) {
        try {
            long number = Long.parseLong(version);
            if (number > 0) {
                return number;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("version '" + version
                + "' is not a registry version number; reference profiles are kept with registered versions (1, 2,"
                + " ...)");
    }

    /** Runs a registry call, turning its failures into the exceptions the drift endpoints map to statuses. */
    private static <T> T call(Supplier<T> action) {
        try {
            return action.get();
        } catch (RegistryException e) {
            throw switch (e.reason()) {
                case NOT_FOUND -> new NoSuchElementException(e.getMessage());
                case CHECKSUM_MISMATCH, UNAVAILABLE, CONFLICT -> new IllegalStateException(e.getMessage(), e);
                default -> new IllegalArgumentException(e.getMessage(), e);
            };
        }
    }
}
