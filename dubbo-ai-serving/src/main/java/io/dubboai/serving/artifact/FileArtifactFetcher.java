package io.dubboai.serving.artifact;

import io.dubboai.serving.ErrorKind;
import io.dubboai.serving.ServingException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

/** Serves {@code file:} URIs in place: the artifact is read where it lies, nothing is copied. */
public final class FileArtifactFetcher implements ArtifactFetcher {

    /** The URI scheme this fetcher serves. */
    public static final String SCHEME = "file";

    @Override
    public Path fetch(String modelName, URI uri, Path workDir) {
        Path path = Path.of(uri);
        if (!Files.isRegularFile(path)) {
            throw new ServingException(
                    ErrorKind.ARTIFACT,
                    modelName,
                    "artifact " + uri + " of model '" + modelName + "' is not a readable file; check the artifact URI");
        }
        return path;
    }

    /** Local files are read in place, never copied into the cache. */
    @Override
    public boolean copies() {
        return false;
    }
}
