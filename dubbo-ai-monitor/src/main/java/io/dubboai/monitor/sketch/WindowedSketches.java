package io.dubboai.monitor.sketch;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * A model's sketches in time windows: one {@link SketchSet} for the current window, and the last
 * {@link SketchConfig#windowsKept()} completed ones. Windows are aligned to multiples of the window length since the
 * epoch, so the windows of several replicas cover the same intervals and merge. A window rotates when a value arrives
 * after its end or when {@link #completedWindows()} is read after it; windows in which nothing arrived are not kept.
 *
 * <p>Thread-safe: every method holds this object's lock (updates come from one sampling thread; readers are rare).
 */
public final class WindowedSketches implements FeatureSink {

    private final SketchConfig config;
    private final Clock clock;
    private final long windowMillis;
    private final Deque<SketchSet> completed = new ArrayDeque<>();
    private SketchSet current;

    /** Empty windows; the first starts at the window boundary before {@code clock.instant()}. */
    public WindowedSketches(SketchConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.windowMillis = config.window().toMillis();
        this.current = window(clock.instant());
    }

    private SketchSet window(Instant now) {
        long start = Math.floorDiv(now.toEpochMilli(), windowMillis) * windowMillis;
        return SketchSet.empty(Instant.ofEpochMilli(start), Instant.ofEpochMilli(start + windowMillis));
    }

    private void rotateIfDue() {
        Instant now = clock.instant();
        if (now.isBefore(current.end())) {
            return;
        }
        if (!current.features().isEmpty()) {
            completed.addLast(current);
            while (completed.size() > config.windowsKept()) {
                completed.removeFirst();
            }
        }
        current = window(now);
    }

    @Override
    public synchronized void value(String feature, double value) {
        rotateIfDue();
        if (config.kindOf(feature) == FeatureKind.CATEGORICAL) {
            current.sketch(feature, FeatureKind.CATEGORICAL, config.kllK(), config.maxMapSize())
                    .update(categoryOf(value));
        } else {
            current.sketch(feature, FeatureKind.NUMERIC, config.kllK(), config.maxMapSize())
                    .update(value);
        }
    }

    @Override
    public synchronized void category(String feature, String value) {
        rotateIfDue();
        current.sketch(feature, FeatureKind.CATEGORICAL, config.kllK(), config.maxMapSize())
                .update(value);
    }

    /** A number as a category: integers without a fraction ({@code 3}, not {@code 3.0}). */
    static String categoryOf(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15
                ? Long.toString((long) value)
                : Double.toString(value);
    }

    /** Copies of the completed windows, oldest first. */
    public synchronized List<SketchSet> completedWindows() {
        rotateIfDue();
        List<SketchSet> copies = new ArrayList<>();
        completed.forEach(window -> copies.add(window.copy()));
        return copies;
    }

    /** A copy of the current window. */
    public synchronized SketchSet currentWindow() {
        rotateIfDue();
        return current.copy();
    }

    /** Every kept window and the current one merged: the sketches of the last {@code windowsKept + 1} windows. */
    public synchronized SketchSet merged() {
        rotateIfDue();
        SketchSet merged = current;
        for (SketchSet window : completed) {
            merged = window.merge(merged);
        }
        return merged == current ? current.copy() : merged;
    }
}
