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
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Turns an artifact URI into a verified local file: checks the URI against the {@link ArtifactPolicy} (scheme, no
 * {@code ..} segments, under the allowed root), fetches it with the {@link ArtifactFetcher} for its scheme, and
 * compares the file's SHA-256 digest with the expected one before anything parses the file.
 */
public final class ArtifactResolver {

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    private final ArtifactPolicy policy;
    private final Function<String, ArtifactFetcher> fetchers;
    private final Path workDir;

    /**
     * @param policy which URIs are accepted
     * @param fetchers the fetcher for a scheme (e.g. Dubbo's extension loader lookup)
     * @param workDir where fetchers may put downloads
     */
    public ArtifactResolver(ArtifactPolicy policy, Function<String, ArtifactFetcher> fetchers, Path workDir) {
        this.policy = policy;
        this.fetchers = fetchers;
        this.workDir = workDir;
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
        Path local = fetchers.apply(parsed.getScheme().toLowerCase(Locale.ROOT)).fetch(modelName, parsed, workDir);
        String actual = sha256(modelName, local);
        if (!actual.equals(expected)) {
            throw fail(
                    modelName,
                    "artifact " + uri + " of model '" + modelName + "' has SHA-256 " + actual + " but "
                            + expected
                            + " was expected; the file is corrupt or not the registered version: re-upload it or "
                            + "fix the expected checksum");
        }
        return local;
    }

    /** Parses {@code uri} and applies the policy; returns the parsed URI. */
    URI check(String modelName, String uri) {
        URI parsed;
        try {
            parsed = new URI(uri);
        } catch (URISyntaxException e) {
            throw fail(
                    modelName,
                    "artifact URI '" + ModelNames.abbreviate(uri) + "' of model '" + modelName
                            + "' is not a valid URI: " + e.getReason() + "; use e.g. file:///models/name/1/model.onnx");
        }
        String scheme = parsed.getScheme() == null ? "" : parsed.getScheme().toLowerCase(Locale.ROOT);
        if (!policy.allowedSchemes().contains(scheme)) {
            throw fail(
                    modelName,
                    "artifact URI '" + ModelNames.abbreviate(uri) + "' of model '" + modelName
                            + "' has scheme '" + scheme + "', which is not allowed; allowed schemes: "
                            + policy.allowedSchemes().stream().sorted().toList());
        }
        String path = parsed.getPath() == null ? "" : parsed.getPath();
        for (String segment : path.split("/")) {
            if (segment.equals("..") || segment.equals(".")) {
                throw fail(
                        modelName,
                        "artifact URI '" + ModelNames.abbreviate(uri) + "' of model '" + modelName + "' contains a '"
                                + segment + "' path segment; give the normalised path without '.' or '..'");
            }
        }
        if (scheme.equals(FileArtifactFetcher.SCHEME)) {
            if (parsed.getRawQuery() != null || parsed.getRawFragment() != null) {
                throw fail(
                        modelName,
                        "artifact URI '" + ModelNames.abbreviate(uri) + "' of model '" + modelName
                                + "' has a query or fragment, which a file URI cannot have; remove the '?…' or '#…'");
            }
            if (parsed.getAuthority() != null || !path.startsWith("/")) {
                throw fail(
                        modelName,
                        "artifact URI '" + ModelNames.abbreviate(uri) + "' of model '" + modelName
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
                    "artifact URI '" + ModelNames.abbreviate(uri) + "' of model '" + modelName
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
