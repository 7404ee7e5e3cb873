package io.dubboai.registry.artifact;

import io.dubboai.core.model.ModelNames;
import io.dubboai.registry.RegistryException;
import io.dubboai.registry.RegistryException.Reason;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which artifact URIs a model version may point at: only the listed schemes; for {@code s3} only the listed
 * buckets; for {@code file} only paths under the listed roots; never a path with {@code .} or {@code ..}
 * segments (encoded or not), so a URI cannot escape its root.
 *
 * @param schemes allowed schemes, lower case, e.g. {@code [file, s3]}
 * @param buckets allowed S3 buckets
 * @param fileRoots absolute directories {@code file:} URIs must lie under
 */
public record ArtifactUriPolicy(Set<String> schemes, Set<String> buckets, List<Path> fileRoots) {

    public ArtifactUriPolicy {
        schemes =
                Set.copyOf(schemes.stream().map(s -> s.toLowerCase(Locale.ROOT)).toList());
        buckets = Set.copyOf(buckets);
        fileRoots = fileRoots.stream()
                .map(root -> root.toAbsolutePath().normalize())
                .toList();
        for (String scheme : schemes) {
            if (!scheme.equals("file") && !scheme.equals("s3")) {
                throw new IllegalArgumentException(
                        "artifact scheme '" + scheme + "' is not supported; use 'file' and/or 's3'");
            }
        }
    }

    /**
     * Returns the URI if it is allowed, or throws {@link RegistryException} with reason {@code URI_NOT_ALLOWED}
     * saying what is wrong and what is allowed.
     */
    public URI check(String text) {
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw refused(text, "is not a valid URI (" + e.getReason() + ")");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!schemes.contains(scheme)) {
            throw refused(text, "has scheme '" + scheme + "'; allowed schemes are " + schemes);
        }
        String path = uri.getPath() == null ? "" : uri.getPath();
        for (String segment : path.split("/")) {
            if (segment.equals("..") || segment.equals(".")) {
                throw refused(text, "contains a '" + segment + "' path segment; give the plain path of the artifact");
            }
        }
        if (text.contains("%2e") || text.contains("%2E") || text.contains("%2f") || text.contains("%2F")) {
            throw refused(text, "contains an encoded '.' or '/'; give the plain path of the artifact");
        }
        if (scheme.equals("s3")) {
            String bucket = uri.getHost();
            if (bucket == null || !buckets.contains(bucket)) {
                throw refused(text, "names bucket '" + bucket + "'; allowed buckets are " + buckets);
            }
            if (path.length() <= 1) {
                throw refused(text, "names no object key; use s3://bucket/path/to/artifact");
            }
        } else {
            if (uri.getAuthority() != null && !uri.getAuthority().isEmpty()) {
                throw refused(text, "names host '" + uri.getAuthority() + "'; use file:/absolute/path");
            }
            Path file = Path.of(path).toAbsolutePath().normalize();
            if (fileRoots.stream().noneMatch(root -> file.startsWith(root) && !file.equals(root))) {
                throw refused(text, "is outside the allowed directories " + fileRoots);
            }
        }
        return uri;
    }

    private static RegistryException refused(String uri, String why) {
        return new RegistryException(
                Reason.URI_NOT_ALLOWED, null, null, "artifact URI '" + ModelNames.abbreviate(uri) + "' " + why);
    }
}
