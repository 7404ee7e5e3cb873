package io.dubboai.registry.artifact;

import java.io.InputStream;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Keeps model artifacts: {@code file} (local disk or an NFS mount) or {@code s3} (any S3-compatible service).
 * Artifacts live under {@code <model>/<version>/<file name>}. Every write computes the SHA-256 of the bytes and
 * every verified read recomputes it.
 *
 * <p>Failures are {@link io.dubboai.registry.RegistryException}s: {@code CHECKSUM_MISMATCH} when bytes do not match
 * the expected digest, {@code NOT_FOUND}, {@code URI_NOT_ALLOWED} for a URI outside this store, and
 * {@code UNAVAILABLE} for I/O failures. A failed upload leaves nothing behind.
 */
public interface ArtifactStore extends AutoCloseable {

    /** The URI scheme of this store: {@code file} or {@code s3}. */
    String scheme();

    /**
     * Stores {@code data} as {@code <model>/<version>/<fileName>}, computing its SHA-256 on the way. When
     * {@code expectedSha256} is given and differs, nothing is stored.
     */
    StoredArtifact upload(
            String model, long version, String fileName, InputStream data, @Nullable String expectedSha256);

    /** Reads the whole artifact, recomputing its digest; {@code CHECKSUM_MISMATCH} when it differs. */
    StoredArtifact verify(String uri, String expectedSha256);

    /** Opens the artifact for reading (call {@link #verify} first to check it). */
    InputStream open(String uri);

    /** Deletes the artifact; nothing happens when it does not exist. */
    void delete(String uri);

    /** Every artifact in this store (for garbage collection). */
    List<StoredArtifact> list();

    /** Whether {@code uri} points into this store (its scheme, and its root or bucket). */
    boolean owns(String uri);

    @Override
    default void close() {}
}
