package io.dubboai.registry;

/**
 * Lifecycle of a model version: registered as {@code PENDING} (artifact not yet verified), then {@code READY} or
 * {@code FAILED}. {@code FAILED} may go back to {@code PENDING} for a retried upload; {@code READY} is final.
 */
public enum VersionStatus {
    /** Registered; the artifact is not yet uploaded or verified. */
    PENDING,
    /** The artifact is stored and its checksum verified; the version may be served. */
    READY,
    /** Registration failed; see the version's status message. */
    FAILED;

    /** Whether a version in this status may move to {@code next}. Staying in the same status is allowed. */
    public boolean canMoveTo(VersionStatus next) {
        return switch (this) {
            case PENDING -> true;
            case READY -> next == READY;
            case FAILED -> next == FAILED || next == PENDING;
        };
    }
}
