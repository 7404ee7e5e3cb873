package io.dubboai.serving.artifact;

import io.dubboai.serving.ErrorKind;
import io.dubboai.serving.ServingException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the downloading fetchers and the resolver share: deleting a download, the artifact error. */
final class Downloads {

    private Downloads() {}

    /** Deletes a download; one left behind is deleted when the cache opens next. */
    static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // the cache deletes leftover .part files when it opens
        }
    }

    /** An {@link ErrorKind#ARTIFACT} failure of {@code modelName}. */
    static ServingException fail(String modelName, String message) {
        return new ServingException(ErrorKind.ARTIFACT, modelName, message);
    }
}
