package io.dubboai.registry.artifact;

import io.dubboai.registry.RegistryException;
import io.dubboai.registry.RegistryException.Reason;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** SHA-256 helpers shared by the artifact stores. */
public final class Checksums {

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private Checksums() {}

    /** A fresh SHA-256 digest. */
    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }

    /** The digest as 64 lower-case hex digits. */
    public static String hex(MessageDigest digest) {
        return HexFormat.of().formatHex(digest.digest());
    }

    /** Checks the form of an expected digest (null passes). */
    public static @Nullable String requireSha256(@Nullable String value) {
        if (value != null && !SHA256.matcher(value).matches()) {
            throw new IllegalArgumentException("checksum '" + value
                    + "' is not a SHA-256 digest; give 64 lower-case hexadecimal digits (e.g. from 'sha256sum')");
        }
        return value;
    }

    /** Throws {@code CHECKSUM_MISMATCH} when the digests differ. */
    public static void requireMatch(String uri, @Nullable String expected, String actual) {
        if (expected != null && !expected.equals(actual)) {
            throw new RegistryException(
                    Reason.CHECKSUM_MISMATCH,
                    null,
                    null,
                    "artifact " + uri + " has SHA-256 " + actual + " but " + expected
                            + " was expected; the bytes were changed or truncated, upload the artifact again");
        }
    }

    /** Checks an artifact file name: one path segment of safe characters. */
    public static String requireFileName(String name) {
        if (name == null || !FILE_NAME.matcher(name).matches() || name.contains("..")) {
            throw new IllegalArgumentException("artifact file name '" + name
                    + "' is not allowed; use one name of up to 128 letters, digits, '.', '_' and '-' without '..'"
                    + " or '/', e.g. 'model.onnx'");
        }
        return name;
    }
}
