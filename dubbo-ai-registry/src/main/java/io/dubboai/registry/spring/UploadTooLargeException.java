package io.dubboai.registry.spring;

/**
 * An artifact upload larger than {@code dubbo.ai.registry.artifacts.max-upload-size}: answered 413 by
 * {@link RegistryProblemHandler}, saying the limit and the property that raises it. Thrown before anything is stored
 * (the declared {@code Content-Length} is too large) or while the body is streamed, which makes the artifact store drop
 * what it had written.
 */
public final class UploadTooLargeException extends RuntimeException {

    /** The property holding the limit. */
    public static final String PROPERTY = "dubbo.ai.registry.artifacts.max-upload-size";

    private static final long serialVersionUID = 1L;

    private final String model;
    private final long version;
    private final long maxBytes;

    UploadTooLargeException(String model, long version, long maxBytes, String what) {
        super(
                what + " of version " + version + " of model '" + model + "' is larger than the upload limit of "
                        + describe(maxBytes) + "; nothing was stored. Upload a smaller artifact, or raise " + PROPERTY
                        + " (e.g. " + PROPERTY + "=4GB) on the registry",
                null,
                false,
                false);
        this.model = model;
        this.version = version;
        this.maxBytes = maxBytes;
    }

    /** The model of the refused upload. */
    public String model() {
        return model;
    }

    /** The version of the refused upload. */
    public long version() {
        return version;
    }

    /** The limit in bytes. */
    public long maxBytes() {
        return maxBytes;
    }

    /** {@code 2 GiB (2147483648 bytes)}. */
    static String describe(long bytes) {
        String[] units = {"GiB", "MiB", "KiB"};
        int[] shifts = {30, 20, 10};
        for (int i = 0; i < units.length; i++) {
            long unit = 1L << shifts[i];
            if (bytes >= unit && bytes % unit == 0) {
                return (bytes / unit) + " " + units[i] + " (" + bytes + " bytes)";
            }
        }
        return bytes + " bytes";
    }
}
