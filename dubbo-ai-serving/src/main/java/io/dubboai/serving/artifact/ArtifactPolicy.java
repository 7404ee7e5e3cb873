package io.dubboai.serving.artifact;

import java.net.URI;
import java.net.URISyntaxException;
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

    /**
     * Only {@code file:} URIs, anywhere the process can read (the checksum is still verified). Meant for tests and
     * trusted single-purpose hosts; a provider configured with it logs a warning. Prefer {@link #filesUnder(Path)}.
     */
    public static final ArtifactPolicy ANY_FILE = new ArtifactPolicy(Set.of("file"), Optional.empty());

    /**
     * What a registry may name: {@code s3:} and {@code https:} artifacts, and {@code file:} artifacts anywhere this
     * process can read (the registry's file store on a shared mount). The SHA-256 check still protects what is
     * loaded; add {@code http} only for a trusted network.
     */
    public static final ArtifactPolicy REGISTRY_ARTIFACTS =
            new ArtifactPolicy(Set.of("file", "s3", "https"), Optional.empty());

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

    /**
     * The narrowest policy that admits {@code artifactUri}: {@code file:} URIs under the directory that holds it. A
     * URI that is not a readable {@code file:} path gets {@link #ANY_FILE}'s scheme check only, so the resolver still
     * reports what is wrong with it.
     */
    public static ArtifactPolicy directoryOf(String artifactUri) {
        try {
            URI uri = new URI(artifactUri);
            if ("file".equalsIgnoreCase(uri.getScheme()) && uri.getPath() != null) {
                Path parent = Path.of(uri.getPath()).getParent();
                if (parent != null) {
                    return filesUnder(parent);
                }
            }
        } catch (URISyntaxException | IllegalArgumentException e) {
            // the resolver reports the malformed URI with its own message
        }
        return ANY_FILE;
    }

    /** Whether this policy confines {@code file:} artifacts to a root. */
    public boolean confined() {
        return fileRoot.isPresent();
    }
}
