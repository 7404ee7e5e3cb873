package io.dubboai.registry.artifact;

import java.time.Instant;

/**
 * An artifact in an artifact store.
 *
 * @param uri where it lives, e.g. {@code s3://models/churn/3/model.onnx}
 * @param sha256 SHA-256 of its bytes, 64 lower-case hex digits
 * @param size length in bytes
 * @param lastModified when it was written
 */
public record StoredArtifact(String uri, String sha256, long size, Instant lastModified) {}
