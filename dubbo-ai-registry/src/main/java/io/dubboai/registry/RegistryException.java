package io.dubboai.registry;

import org.jspecify.annotations.Nullable;

/**
 * A registry request that cannot be carried out. {@link #reason()} maps to an HTTP status and an MLflow error
 * code; the message says what is wrong and how to fix it. Plain invalid values are reported as
 * {@link IllegalArgumentException} instead.
 */
public final class RegistryException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Why a request failed. */
    public enum Reason {
        /** The model, version, alias or artifact does not exist (HTTP 404). */
        NOT_FOUND,
        /** The model already exists (HTTP 409; MLflow: 400 RESOURCE_ALREADY_EXISTS). */
        ALREADY_EXISTS,
        /** The request is valid but not allowed in the current state (HTTP 409). */
        CONFLICT,
        /** A document or artifact exceeds a size limit (HTTP 413). */
        TOO_LARGE,
        /** The artifact's bytes do not match the expected SHA-256 (HTTP 422). */
        CHECKSUM_MISMATCH,
        /** The artifact URI is not allowed by the URI policy (HTTP 400). */
        URI_NOT_ALLOWED,
        /** The backing store could not be reached or kept failing (HTTP 503). */
        UNAVAILABLE
    }

    private final Reason reason;
    private final @Nullable String model;
    private final @Nullable Long version;

    /** A failure about {@code model} (and {@code version} when not null). */
    public RegistryException(Reason reason, @Nullable String model, @Nullable Long version, String message) {
        this(reason, model, version, message, null);
    }

    /** A failure with a cause. */
    public RegistryException(
            Reason reason, @Nullable String model, @Nullable Long version, String message, @Nullable Throwable cause) {
        super(message, cause);
        this.reason = reason;
        this.model = model;
        this.version = version;
    }

    /** The model is not registered. */
    public static RegistryException modelNotFound(String model) {
        return new RegistryException(
                Reason.NOT_FOUND,
                model,
                null,
                "model '" + model
                        + "' is not registered; create it first or check the name (names are case-sensitive)");
    }

    /** The version does not exist. */
    public static RegistryException versionNotFound(String model, long version) {
        return new RegistryException(
                Reason.NOT_FOUND,
                model,
                version,
                "model '" + model + "' has no version " + version + "; list its versions to see which exist");
    }

    /**
     * The model is being deleted (its document is a deletion tombstone): writes under it are refused until the
     * delete finishes; a second delete finishes an interrupted one.
     */
    public static RegistryException modelBeingDeleted(String model) {
        return new RegistryException(
                Reason.CONFLICT,
                model,
                null,
                "model '" + model + "' is being deleted; retry after the delete finishes (delete it again to finish"
                        + " an interrupted delete)");
    }

    /** Why the request failed. */
    public Reason reason() {
        return reason;
    }

    /** The model concerned, if any. */
    public @Nullable String model() {
        return model;
    }

    /** The version concerned, if any. */
    public @Nullable Long version() {
        return version;
    }
}
