package io.dubboai.registry;

import java.time.Instant;
import java.util.Objects;

/**
 * Who created and last changed a record, and when.
 *
 * @param createdAt when the record was created
 * @param createdBy the caller that created it ({@code anonymous} without authentication)
 * @param updatedAt when it was last changed; never before {@code createdAt}
 * @param updatedBy the caller that last changed it
 */
public record Audit(Instant createdAt, String createdBy, Instant updatedAt, String updatedBy) {

    public Audit {
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        Validation.requireText(createdBy, "createdBy", 256);
        Validation.requireText(updatedBy, "updatedBy", 256);
        if (updatedAt.isBefore(createdAt)) {
            throw new IllegalArgumentException("updatedAt " + updatedAt + " is before createdAt " + createdAt
                    + "; a record cannot change before it exists");
        }
    }

    /** The audit of a new record. */
    public static Audit created(Instant at, String by) {
        return new Audit(at, by, at, by);
    }

    /** This audit after a change by {@code by} at {@code at} (never moving time backwards). */
    public Audit touched(Instant at, String by) {
        Instant when = at.isBefore(updatedAt) ? updatedAt : at;
        return new Audit(createdAt, createdBy, when, by);
    }
}
