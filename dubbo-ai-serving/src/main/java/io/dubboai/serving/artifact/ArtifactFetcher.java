package io.dubboai.serving.artifact;

import java.net.URI;
import java.nio.file.Path;
import org.apache.dubbo.common.extension.ExtensionScope;
import org.apache.dubbo.common.extension.SPI;

/**
 * Brings a model artifact named by a URI onto the local disk. An SPI keyed by URI scheme: implementations are
 * registered in {@code META-INF/dubbo/io.dubboai.serving.artifact.ArtifactFetcher} as {@code scheme=class}. Built in:
 * {@code file} (local or mounted NFS files, read in place), {@code s3} ({@link S3ArtifactFetcher}), {@code http} and
 * {@code https} ({@link HttpArtifactFetcher}).
 *
 * <p>A fetcher that {@link #copies()} writes the artifact to a new file under {@code workDir} and returns it; the
 * {@link ArtifactResolver} then verifies its SHA-256 digest and only then moves it into its {@link ArtifactCache}
 * (deleting it on a mismatch), so a partial or corrupt download is never loaded.
 */
@SPI(value = FileArtifactFetcher.SCHEME, scope = ExtensionScope.FRAMEWORK)
public interface ArtifactFetcher {

    /**
     * Returns a local path holding the artifact. {@code uri} has passed the {@link ArtifactPolicy} checks already.
     *
     * @param workDir a directory where a fetcher may store downloads (on the cache's file system)
     * @throws io.dubboai.serving.ServingException of kind {@code ARTIFACT} when the artifact cannot be fetched
     */
    Path fetch(String modelName, URI uri, Path workDir);

    /**
     * Whether {@link #fetch} downloads a copy (which the resolver verifies, caches by checksum and owns) rather than
     * returning the artifact where it lies. True unless overridden.
     */
    default boolean copies() {
        return true;
    }
}
