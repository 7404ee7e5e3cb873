package io.dubboai.monitor.control.drift;

import java.util.Optional;

/**
 * Where the reference profiles of model versions live. In the admin server this is the model registry: the profile
 * is an artifact of the version (its SHA-256 in the version record, deleted with the version). Without a registry
 * the monitoring documents ({@link ReferenceProfiles}) hold them.
 */
public interface ReferenceStore {

    /** The reference of the version, or empty. */
    Optional<StoredReference> find(String model, String version);

    /** Stores {@code reference} on behalf of {@code actor}, replacing the version's previous one. */
    StoredReference put(StoredReference reference, String actor);

    /** Deletes the version's reference on behalf of {@code actor}; false when there was none. */
    boolean delete(String model, String version, String actor);

    /** Where the profiles live, for messages and logs. */
    String describe();
}
