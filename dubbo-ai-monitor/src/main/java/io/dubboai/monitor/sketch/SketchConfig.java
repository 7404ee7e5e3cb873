package io.dubboai.monitor.sketch;

import java.time.Duration;
import java.util.Set;

/**
 * How a model's inputs are sketched.
 *
 * @param sampleRate share of requests whose inputs are sketched, {@code 0..1}; 0 turns sketching off
 * @param queueCapacity most sampled requests waiting for the sketching thread, {@code >= 1}; more are dropped and
 *     counted
 * @param window length of one window, {@code > 0}; windows are aligned to multiples of it since the epoch, so replicas'
 *     windows line up for merging
 * @param windowsKept completed windows kept besides the current one, {@code >= 1}
 * @param kllK KLL parameter of numeric features ({@link FeatureSketch#numeric})
 * @param maxMapSize frequent-items map size of categorical features ({@link FeatureSketch#categorical})
 * @param categorical features sketched as categories (their values are written as text: integers without a
 *     fraction); every other feature is numeric
 */
public record SketchConfig(
        double sampleRate,
        int queueCapacity,
        Duration window,
        int windowsKept,
        int kllK,
        int maxMapSize,
        Set<String> categorical) {

    /** 1% of requests, 1024 queued, 5-minute windows, 12 kept (an hour), KLL k = 200, map size 64, all numeric. */
    public static final SketchConfig DEFAULTS = new SketchConfig(
            0.01,
            1024,
            Duration.ofMinutes(5),
            12,
            FeatureSketch.DEFAULT_K,
            FeatureSketch.DEFAULT_MAX_MAP_SIZE,
            Set.of());

    /** Validates every field; messages name the field and the bad value. */
    public SketchConfig {
        if (!(sampleRate >= 0 && sampleRate <= 1)) {
            throw new IllegalArgumentException("sampleRate must be in 0..1, but was " + sampleRate);
        }
        if (queueCapacity < 1) {
            throw new IllegalArgumentException("queueCapacity must be >= 1, but was " + queueCapacity);
        }
        if (window.isZero() || window.isNegative() || window.toMillis() < 1) {
            throw new IllegalArgumentException("window must be at least 1 ms, but was " + window);
        }
        if (windowsKept < 1) {
            throw new IllegalArgumentException("windowsKept must be >= 1, but was " + windowsKept);
        }
        FeatureSketch.numeric(kllK);
        FeatureSketch.categorical(maxMapSize);
        categorical = Set.copyOf(categorical);
    }

    /** A copy with another sample rate. */
    public SketchConfig withSampleRate(double rate) {
        return new SketchConfig(rate, queueCapacity, window, windowsKept, kllK, maxMapSize, categorical);
    }

    /** A copy with another queue capacity. */
    public SketchConfig withQueueCapacity(int capacity) {
        return new SketchConfig(sampleRate, capacity, window, windowsKept, kllK, maxMapSize, categorical);
    }

    /** A copy with other windows. */
    public SketchConfig withWindows(Duration length, int kept) {
        return new SketchConfig(sampleRate, queueCapacity, length, kept, kllK, maxMapSize, categorical);
    }

    /** A copy with other categorical features. */
    public SketchConfig withCategorical(Set<String> features) {
        return new SketchConfig(sampleRate, queueCapacity, window, windowsKept, kllK, maxMapSize, features);
    }

    /** The kind of {@code feature}. */
    public FeatureKind kindOf(String feature) {
        return categorical.contains(feature) ? FeatureKind.CATEGORICAL : FeatureKind.NUMERIC;
    }
}
