package io.dubboai.serving.artifact;

import io.dubboai.core.model.ModelNames;
import io.dubboai.serving.ErrorKind;
import io.dubboai.serving.ServingException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns an artifact URI into a verified local file: checks the URI against the {@link ArtifactPolicy} (scheme, no
 * {@code .} or {@code ..} segments, no credentials in the URI, under the allowed root for {@code file:}), fetches it
 * with the {@link ArtifactFetcher} for its scheme, and compares the file's SHA-256 digest with the expected one before
 * anything parses the file.
 *
 * <p>Downloaded artifacts (every scheme but {@code file}) go through the {@link ArtifactCache}: an artifact whose
 * digest is cached is not fetched again; a download lands in a temporary file, is verified, and only then moved into
 * the cache, so a partial or corrupt download is never loaded (it is deleted).
 */
public final class ArtifactResolver {

    private static final Logger log = LoggerFactory.getLogger(ArtifactResolver.class);

    /** Budget of the cache a resolver made from a work directory, in GiB. */
    public static final long DEFAULT_CACHE_BUDGET_GIB = 10;

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    private final ArtifactPolicy policy;
    private final Function<String, ArtifactFetcher> fetchers;
    private final ArtifactCache cache;

    /**
     * @param policy which URIs are accepted
     * @param fetchers the fetcher for a scheme (e.g. Dubbo's extension loader lookup)
     * @param cache where downloaded artifacts are verified and kept
     */
    public ArtifactResolver(ArtifactPolicy policy, Function<String, ArtifactFetcher> fetchers, ArtifactCache cache) {
        this.policy = policy;
        this.fetchers = fetchers;
        this.cache = cache;
    }

    /**
     * A resolver whose cache is {@code <workDir>/dubbo-ai-artifacts} with a budget of {@value #DEFAULT_CACHE_BUDGET_GIB}
     * GiB (opened, so created, here).
     */
    public ArtifactResolver(ArtifactPolicy policy, Function<String, ArtifactFetcher> fetchers, Path workDir) {
        this(
                policy,
                fetchers,
                new ArtifactCache(workDir.resolve("dubbo-ai-artifacts"), DEFAULT_CACHE_BUDGET_GIB << 30));
    }

    /**
     * Checks, fetches and verifies an artifact.
     *
     * @param uri the artifact URI, e.g. {@code file:///models/fraud/3/model.onnx}
     * @param expectedSha256 the expected digest, 64 hex digits
     * @return the verified local file
     * @throws ServingException of kind {@code ARTIFACT} saying which check failed
     */
    public Path resolve(String modelName, String uri, String expectedSha256) {
        String expected = expectedSha256.trim().toLowerCase(Locale.ROOT);
        if (!SHA256.matcher(expected).matches()) {
            throw fail(
                    modelName,
                    "expected SHA-256 '" + ModelNames.abbreviate(expectedSha256) + "' of model '" + modelName
                            + "' is not 64 hexadecimal digits; compute it with 'sha256sum <file>'");
        }
        URI parsed = check(modelName, uri);
        ArtifactFetcher fetcher = fetchers.apply(parsed.getScheme().toLowerCase(Locale.ROOT));
        if (!fetcher.copies()) {
            Path local = fetcher.fetch(modelName, parsed, cache.directory());
            verify(modelName, uri, local, expected);
            return local;
        }
        Optional<Path> cached = cache.get(expected);
        if (cached.isPresent()) {
            log.debug("Model '{}': artifact {} found in the cache, not fetched again", modelName, expected);
            return cached.get();
        }
        Path download = fetcher.fetch(modelName, parsed, cache.directory());
        try {
            verify(modelName, uri, download, expected);
            return cache.put(expected, download);
        } finally {
            Downloads.deleteQuietly(download);
        }
    }

    private static void verify(String modelName, String uri, Path local, String expected) {
        String actual = sha256(modelName, local);
        if (!actual.equals(expected)) {
            throw fail(
                    modelName,
                    "artifact " + ModelNames.abbreviate(withoutQuery(uri)) + " of model '" + modelName
                            + "' has SHA-256 " + actual + " but " + expected
                            + " was expected; the file is corrupt or not the registered version: re-upload it or "
                            + "fix the expected checksum");
        }
    }

    /** {@code uri} without its query and fragment, which may carry a pre-signed URL's signature. */
    static String withoutQuery(String uri) {
        int cut = uri.length();
        for (char c : new char[] {'?', '#'}) {
            int at = uri.indexOf(c);
            if (at >= 0) {
                cut = Math.min(cut, at);
            }
        }
        return uri.substring(0, cut);
    }

    /** Parses {@code uri} and applies the policy; returns the parsed URI. */
    URI check(String modelName, String uri) {
        URI parsed;
        try {
            parsed = new URI(uri);
        } catch (URISyntaxException e) {
            throw fail(
                    modelName,
                    "artifact URI '" + ModelNames.abbreviate(withoutQuery(uri)) + "' of model '" + modelName
                            + "' is not a valid URI: " + e.getReason() + "; use e.g. file:///models/name/1/model.onnx");
        }
        String scheme = parsed.getScheme() == null ? "" : parsed.getScheme().toLowerCase(Locale.ROOT);
        if (!policy.allowedSchemes().contains(scheme)) {
            throw fail(
                    modelName,
                    "artifact URI '" + ModelNames.abbreviate(withoutQuery(uri)) + "' of model '" + modelName
                            + "' has scheme '" + scheme + "', which is not allowed; allowed schemes: "
                            + policy.allowedSchemes().stream().sorted().toList());
        }
        if (parsed.getRawUserInfo() != null) {
            throw fail(
                    modelName,
                    "artifact URI of model '" + modelName + "' carries credentials before its host; remove them "
                            + "(S3 credentials come from the AWS provider chain, HTTP artifacts are public or "
                            + "pre-signed)");
        }
        if (!scheme.equals(FileArtifactFetcher.SCHEME)
                && (parsed.getHost() == null
                        || parsed.getPath() == null
                        || parsed.getPath().length() < 2)) {
            throw fail(
                    modelName,
                    "artifact URI '" + ModelNames.abbreviate(withoutQuery(uri)) + "' of model '" + modelName
                            + "' needs a host (or bucket) and a path, e.g. s3://models/fraud/3/model.onnx or "
                            + "https://models.example.com/fraud/3/model.onnx");
        }
        String path = parsed.getPath() == null ? "" : parsed.getPath();
        for (String segment : path.split("/")) {
            if (segment.equals("..") || segment.equals(".")) {
                throw fail(
                        modelName,
                        "artifact URI '" + ModelNames.abbreviate(withoutQuery(uri)) + "' of model '" + modelName
                                + "' contains a '" + segment
                                + "' path segment; give the normalised path without '.' or '..'");
            }
        }
        if (scheme.equals(FileArtifactFetcher.SCHEME)) {
            if (parsed.getRawQuery() != null || parsed.getRawFragment() != null) {
                throw fail(
                        modelName,
                        "artifact URI '" + ModelNames.abbreviate(withoutQuery(uri)) + "' of model '" + modelName
                                + "' has a query or fragment, which a file URI cannot have; remove the '?…' or '#…'");
            }
            if (parsed.getAuthority() != null || !path.startsWith("/")) {
                throw fail(
                        modelName,
                        "artifact URI '" + ModelNames.abbreviate(withoutQuery(uri)) + "' of model '" + modelName
                                + "' is not an absolute local file URI; use file:///absolute/path");
            }
            policy.fileRoot().ifPresent(root -> requireUnder(modelName, uri, Path.of(parsed), root));
        }
        return parsed;
    }

    private static void requireUnder(String modelName, String uri, Path file, Path root) {
        Path real;
        Path realRoot;
        try {
            realRoot = root.toRealPath();
            real = Files.exists(file)
                    ? file.toRealPath()
                    : file.toAbsolutePath().normalize();
        } catch (IOException e) {
            throw fail(
                    modelName,
                    "cannot resolve artifact root " + root + " for model '" + modelName + "': " + e.getMessage());
        }
        if (!real.startsWith(realRoot)) {
            throw fail(
                    modelName,
                    "artifact URI '" + ModelNames.abbreviate(withoutQuery(uri)) + "' of model '" + modelName
                            + "' points outside the allowed artifact root " + root + " (it resolves to " + real
                            + "); place the artifact under the root");
        }
    }

    /** The SHA-256 digest of a file, in lower-case hex. */
    public static String sha256(String modelName, Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[64 * 1024];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw fail(modelName, "cannot read artifact " + file + " of model '" + modelName + "': " + e.getMessage());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM offers no SHA-256", e);
        }
    }

    private static ServingException fail(String modelName, String message) {
        return new ServingException(ErrorKind.ARTIFACT, modelName, message);
    }
}
