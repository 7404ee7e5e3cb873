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
 * key), replaced as a whole by compare-and-set. Documents stay under the store's limit (100 KiB: about 30 numeric
 * features); the admin server keeps profiles in the model registry instead and migrates these on first read.
 */
public final class ReferenceProfiles implements ReferenceStore {

    private final JsonDocuments<StoredReference> documents;

    /** @param store the control plane's document store */
    public ReferenceProfiles(DocumentStore store) {
        this.documents = new JsonDocuments<>(store, StoredReference.class);
    }

    @Override
    public Optional<StoredReference> find(String model, String version) {
        return documents.read(key(model, version));
    }

    @Override
    public StoredReference put(StoredReference reference, String actor) {
        String key = key(reference.model(), reference.version());
        if (!documents.create(key, reference)) {
            documents.update(key, previous -> reference);
        }
        return reference;
    }

    @Override
    public boolean delete(String model, String version, String actor) {
        if (find(model, version).isEmpty()) {
            return false;
        }
        documents.delete(key(model, version));
        return true;
    }

    @Override
    public String describe() {
        return "monitoring documents";
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
