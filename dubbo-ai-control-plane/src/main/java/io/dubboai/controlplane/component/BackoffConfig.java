package io.dubboai.controlplane.component;

import java.time.Duration;
import java.util.Objects;

/**
 * How long the {@link ComponentManager} waits before it starts a failed component again.
 *
 * <p>Design: capped exponential back-off with symmetric jitter. The n-th consecutive failure (n &ge; 1) waits
 * {@code min(maxDelay, initialDelay * multiplier^(n-1))}, then the wait is spread uniformly over {@code ±jitter} of
 * itself (never below zero, never above {@code maxDelay}) so that many nodes failing on the same broken dependency do
 * not retry in lock-step.
 *
 * @param initialDelay wait after the first failure; greater than zero. Default 1s.
 * @param maxDelay upper bound of any wait; at least {@code initialDelay}. Default 5 minutes.
 * @param multiplier growth factor per consecutive failure; at least 1.0. Default 2.0.
 * @param jitter relative spread, 0.0 (none) to 1.0 (0..2x); default 0.2.
 */
public record BackoffConfig(Duration initialDelay, Duration maxDelay, double multiplier, double jitter) {

    /** The defaults: 1s, 5min, x2, ±20%. */
    public static final BackoffConfig DEFAULTS =
            new BackoffConfig(Duration.ofSeconds(1), Duration.ofMinutes(5), 2.0, 0.2);

    /** Validates every field; messages name the field, the value and the allowed range. */
    public BackoffConfig {
        Objects.requireNonNull(initialDelay, "initialDelay must be set, e.g. PT1S");
        Objects.requireNonNull(maxDelay, "maxDelay must be set, e.g. PT5M");
        if (initialDelay.isNegative() || initialDelay.isZero()) {
            throw new IllegalArgumentException(
                    "back-off initialDelay must be greater than 0, but was " + initialDelay + "; use e.g. PT1S");
        }
        if (maxDelay.compareTo(initialDelay) < 0) {
            throw new IllegalArgumentException(
                    "back-off maxDelay must be at least initialDelay (" + initialDelay + "), but was " + maxDelay);
        }
        if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
            throw new IllegalArgumentException(
                    "back-off multiplier must be a finite number >= 1.0 (1.0 = constant delay), but was " + multiplier);
        }
        if (!(jitter >= 0.0 && jitter <= 1.0)) {
            throw new IllegalArgumentException(
                    "back-off jitter must be between 0.0 (none) and 1.0 (±100%), but was " + jitter);
        }
    }

    /**
     * The wait before the next start after {@code failures} consecutive failures.
     *
     * @param failures consecutive failures so far, at least 1
     * @param random a uniformly distributed value in {@code [0, 1)} that picks the jitter
     * @return the delay, between 0 and {@link #maxDelay()}
     */
    public Duration delay(int failures, double random) {
        if (failures < 1) {
            throw new IllegalArgumentException("failures must be at least 1, but was " + failures);
        }
        if (!(random >= 0.0 && random < 1.0)) {
            throw new IllegalArgumentException("random must be in [0, 1), but was " + random);
        }
        double max = maxDelay.toNanos();
        double base = Math.min(max, initialDelay.toNanos() * Math.pow(multiplier, failures - 1.0));
        double spread = base * jitter * (2.0 * random - 1.0);
        double nanos = Math.max(0.0, Math.min(max, base + spread));
        return Duration.ofNanos((long) nanos);
    }
}
