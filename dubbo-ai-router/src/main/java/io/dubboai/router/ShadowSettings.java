package io.dubboai.router;

import org.apache.dubbo.common.config.Configuration;

/**
 * Limits of the mirroring of shadow traffic ({@link ShadowMirror}), one set per Dubbo application.
 *
 * @param threads threads sending copies, at least 1; default {@value #DEFAULT_THREADS}. They only route and send:
 *     the answers arrive on Dubbo's own threads.
 * @param maxPending copies queued or sent and not yet answered, at least 1; default {@value #DEFAULT_MAX_PENDING}.
 *     A copy beyond this is dropped and counted, so a slow shadow version never holds more than this many requests
 *     in the consumer's memory
 */
public record ShadowSettings(int threads, int maxPending) {

    /** Property naming {@link #threads()}, read from the application's Dubbo configuration (system properties too). */
    public static final String THREADS_PROPERTY = "dubbo.ai.router.shadow.threads";

    /** Property naming {@link #maxPending()}. */
    public static final String MAX_PENDING_PROPERTY = "dubbo.ai.router.shadow.max-pending";

    /** Default {@link #threads()}. */
    public static final int DEFAULT_THREADS = 2;

    /** Default {@link #maxPending()}. */
    public static final int DEFAULT_MAX_PENDING = 256;

    /** The defaults. */
    public static final ShadowSettings DEFAULTS = new ShadowSettings(DEFAULT_THREADS, DEFAULT_MAX_PENDING);

    public ShadowSettings {
        if (threads < 1) {
            throw new IllegalArgumentException(THREADS_PROPERTY + " must be at least 1, but was " + threads);
        }
        if (maxPending < 1) {
            throw new IllegalArgumentException(MAX_PENDING_PROPERTY + " must be at least 1, but was " + maxPending);
        }
    }

    /**
     * The settings in {@code configuration}, defaults for what it lacks.
     *
     * @throws IllegalArgumentException naming the property when a value is not a whole number of at least 1
     */
    public static ShadowSettings from(Configuration configuration) {
        return new ShadowSettings(
                read(configuration, THREADS_PROPERTY, DEFAULT_THREADS),
                read(configuration, MAX_PENDING_PROPERTY, DEFAULT_MAX_PENDING));
    }

    private static int read(Configuration configuration, String key, int fallback) {
        String value = configuration.getString(key);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    key + " must be a whole number of at least 1, but was '" + value + "'; remove it for the default "
                            + fallback,
                    e);
        }
    }
}
