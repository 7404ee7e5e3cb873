package io.dubboai.server.audit;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One state change: who did what to which resource, the state before and after, when, and the outcome.
 *
 * @param seq position in the log, increasing
 * @param time when the request finished
 * @param actor who made it (user or token subject)
 * @param action what, e.g. {@code POST /api/v1/auth/tokens}
 * @param target the resource changed (the request path unless the handler named it)
 * @param before the resource before the change as JSON, when the handler reported it; secrets masked
 * @param after the resource after the change (or the request body) as JSON; secrets masked
 * @param status the HTTP status of the answer
 */
public record AuditEntry(
        long seq,
        Instant time,
        String actor,
        String action,
        String target,
        @Nullable String before,
        @Nullable String after,
        int status) {

    /** Checks that the required fields are present. */
    public AuditEntry {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(target, "target");
    }

    /** This entry with its position in the log set. */
    AuditEntry withSeq(long newSeq) {
        return new AuditEntry(newSeq, time, actor, action, target, before, after, status);
    }
}
