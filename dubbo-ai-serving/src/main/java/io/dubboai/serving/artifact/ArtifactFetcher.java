package io.dubboai.serving.artifact;

import java.net.URI;
import java.nio.file.Path;
import org.apache.dubbo.common.extension.ExtensionScope;
import org.apache.dubbo.common.extension.SPI;

/**
 * Brings a model artifact named by a URI onto the local disk. An SPI keyed by URI scheme: implementations are
 * registered in {@code META-INF/dubbo/io.dubboai.serving.artifact.ArtifactFetcher} as {@code scheme=class}. The
 * default, {@code file}, reads local (or mounted NFS) files; the registry module adds {@code s3}.
 */
@SPI(value = FileArtifactFetcher.SCHEME, scope = ExtensionScope.FRAMEWORK)
public interface ArtifactFetcher {

    /**
     * Returns a local path holding the artifact. {@code uri} has passed the {@link ArtifactPolicy} checks already.
     *
     * @param workDir a directory where a fetcher may store downloads
     * @throws io.dubboai.serving.ServingException of kind {@code ARTIFACT} when the artifact cannot be fetched
     */
    Path fetch(String modelName, URI uri, Path workDir);
}
