package io.dubboai.serving.artifact;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What artifact URIs a provider accepts.
 *
 * @param allowedSchemes URI schemes that may be fetched, lower case, e.g. {@code file}, {@code s3}
 * @param fileRoot when present, {@code file:} artifacts must lie under this directory (symbolic links resolved)
 */
public record ArtifactPolicy(Set<String> allowedSchemes, Optional<Path> fileRoot) {

    /** Only {@code file:} URIs, anywhere on the disk. */
    public static final ArtifactPolicy FILES_ONLY = new ArtifactPolicy(Set.of("file"), Optional.empty());

    /** Normalises the schemes to lower case and the root to an absolute path. */
    public ArtifactPolicy {
        if (allowedSchemes.isEmpty()) {
            throw new IllegalArgumentException("allowedSchemes is empty; allow at least 'file'");
        }
        allowedSchemes =
                allowedSchemes.stream().map(s -> s.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
        fileRoot = fileRoot.map(p -> p.toAbsolutePath().normalize());
    }

    /** Only {@code file:} URIs under {@code root}. */
    public static ArtifactPolicy filesUnder(Path root) {
        return new ArtifactPolicy(Set.of("file"), Optional.of(root));
    }
}
