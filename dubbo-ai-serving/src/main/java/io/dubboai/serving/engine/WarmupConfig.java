package io.dubboai.serving.engine;

/**
 * Synthetic requests sent through the model before the provider registers, so that the first real call does not pay
 * for lazy initialisation (memory arenas, kernel selection, JIT).
 *
 * @param requests how many synthetic requests, {@code >= 0}; 0 skips warm-up
 * @param rows rows per request along the batch dimension, {@code >= 1}
 * @param seed seed for the synthetic values, so warm-up is reproducible
 */
public record WarmupConfig(int requests, int rows, long seed) {

    /** Three single-row requests, seed 42. */
    public static final WarmupConfig DEFAULTS = new WarmupConfig(3, 1, 42L);

    /** Validates the numbers. */
    public WarmupConfig {
        if (requests < 0) {
            throw new IllegalArgumentException("warm-up requests must be >= 0, but was " + requests);
        }
        if (rows < 1) {
            throw new IllegalArgumentException("warm-up rows must be >= 1, but was " + rows);
        }
    }
}
