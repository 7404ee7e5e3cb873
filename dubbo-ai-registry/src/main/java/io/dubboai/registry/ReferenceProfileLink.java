package io.dubboai.registry;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The reference profile of a version: what its inputs (and outputs) looked like when it was judged good, kept as an
 * artifact in the registry's artifact store next to the model file. Monitoring compares live traffic with it.
 *
 * @param uri where the profile lives in the artifact store
 * @param sha256 SHA-256 of its bytes, checked on every read
 * @param size length in bytes
 * @param source {@code upload} (computed from a CSV sample) or {@code capture} (from a traffic window)
 * @param createdAt when it was stored
 * @param features the profile's feature names, in order
 */
public record ReferenceProfileLink(
        String uri, String sha256, long size, String source, Instant createdAt, List<String> features) {

    public ReferenceProfileLink {
        Validation.requireText(uri, "referenceProfile.uri", 2048);
        if (sha256 == null || !sha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("referenceProfile.sha256 '" + sha256
                    + "' is not a SHA-256 digest; give 64 lower-case hexadecimal digits");
        }
        Validation.requireText(source, "referenceProfile.source", 64);
        Objects.requireNonNull(createdAt, "createdAt");
        features = List.copyOf(features);
    }
}
