package io.dubboai.monitor.control.drift;

import io.dubboai.controlplane.store.DocumentStore;
import io.dubboai.controlplane.store.JsonDocuments;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;

/**
 * The reference profiles, one document per model version ({@code monitoring.reference.<model>-<version>-<hash>}: the
 * names lower-cased with other characters as '-', and 8 hex digits of their SHA-256 so distinct names never share a
 * key), replaced as a whole by compare-and-set.
 */
public final class ReferenceProfiles {

    private final JsonDocuments<StoredReference> documents;

    /** @param store the control plane's document store */
    public ReferenceProfiles(DocumentStore store) {
        this.documents = new JsonDocuments<>(store, StoredReference.class);
    }

    /** The reference of the version, or empty. */
    public Optional<StoredReference> find(String model, String version) {
        return documents.read(key(model, version));
    }

    /** Stores {@code reference}, replacing the version's previous one. */
    public StoredReference put(StoredReference reference) {
        String key = key(reference.model(), reference.version());
        if (!documents.create(key, reference)) {
            documents.update(key, previous -> reference);
        }
        return reference;
    }

    /** Deletes the version's reference; false when there was none. */
    public boolean delete(String model, String version) {
        if (find(model, version).isEmpty()) {
            return false;
        }
        documents.delete(key(model, version));
        return true;
    }

    static String key(String model, String version) {
        String readable = (model + "-" + version).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
        if (readable.length() > 80) {
            readable = readable.substring(0, 80);
        }
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest((model + "\u0000" + version).getBytes(StandardCharsets.UTF_8));
            return "monitoring.reference." + readable + "-" + HexFormat.of().formatHex(hash, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
