package io.dubboai.server.security;

import java.time.Duration;
import java.time.Instant;

/**
 * A login attempt refused by {@link LoginThrottle} before its password was checked: the user name or the client
 * address has too many recent failures. It says when to retry and nothing about which key is locked or whether the
 * user exists. Thrown on a path an attacker can flood, so it carries no stack trace.
 */
public final class LoginThrottledException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final Instant retryAt;
    private final Duration retryAfter;

    LoginThrottledException(Instant now, Instant retryAt) {
        super(
                "Too many failed login attempts for this user name from this address, or from this address; try again"
                        + " after " + retryAt + " (an admin can unlock it earlier)",
                null,
                false,
                false);
        this.retryAt = retryAt;
        this.retryAfter = Duration.between(now, retryAt);
    }

    /** When attempts are allowed again. */
    public Instant retryAt() {
        return retryAt;
    }

    /** How long from the refusal until {@link #retryAt()}, positive. */
    public Duration retryAfter() {
        return retryAfter;
    }

    /** {@link #retryAfter()} in whole seconds, rounded up, at least 1: the {@code Retry-After} header's value. */
    public long retryAfterSeconds() {
        long seconds = retryAfter.getSeconds() + (retryAfter.getNano() > 0 ? 1 : 0);
        return Math.max(1, seconds);
    }
}
