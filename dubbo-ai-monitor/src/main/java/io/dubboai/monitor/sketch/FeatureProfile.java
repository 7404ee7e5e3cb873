package io.dubboai.monitor.sketch;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.datasketches.frequencies.ErrorType;
import org.apache.datasketches.frequencies.ItemsSketch;

/**
 * The reference of one feature.
 *
 * @param feature the feature name
 * @param kind numeric or categorical
 * @param count values the reference holds
 * @param sketch numeric: the KLL sketch's bytes ({@link FeatureSketch#toBytes()}); categorical: empty
 * @param categories categorical: count per category (the frequent ones when there were more than the sketch holds
 *     exactly; the rest of {@code count} is "other"); numeric: empty
 */
public record FeatureProfile(
        String feature, FeatureKind kind, long count, byte[] sketch, Map<String, Long> categories) {

    /** Validates that the parts match the kind. */
    public FeatureProfile {
        Objects.requireNonNull(feature, "feature");
        if (count < 0) {
            throw new IllegalArgumentException("count of feature '" + feature + "' must be >= 0, but was " + count);
        }
        if (kind == FeatureKind.NUMERIC && (sketch.length == 0 || !categories.isEmpty())) {
            throw new IllegalArgumentException(
                    "numeric feature '" + feature + "' needs sketch bytes and no categories");
        }
        if (kind == FeatureKind.CATEGORICAL && sketch.length != 0) {
            throw new IllegalArgumentException(
                    "categorical feature '" + feature + "' has categories, not sketch bytes");
        }
        sketch = sketch.clone();
        categories = Map.copyOf(categories);
    }

    /** The profile of one feature's sketch. */
    public static FeatureProfile of(String feature, FeatureSketch sketch) {
        if (sketch.kind() == FeatureKind.NUMERIC) {
            return new FeatureProfile(feature, FeatureKind.NUMERIC, sketch.count(), sketch.toBytes(), Map.of());
        }
        Map<String, Long> categories = new LinkedHashMap<>();
        for (ItemsSketch.Row<String> row : sketch.categories().getFrequentItems(ErrorType.NO_FALSE_NEGATIVES)) {
            categories.put(row.getItem(), row.getEstimate());
        }
        return new FeatureProfile(feature, FeatureKind.CATEGORICAL, sketch.count(), new byte[0], categories);
    }

    /** The sketch bytes (a copy). */
    @Override
    public byte[] sketch() {
        return sketch.clone();
    }

    /** The reference as a sketch, to compare with current sketches. */
    public FeatureSketch toSketch() {
        if (kind == FeatureKind.NUMERIC) {
            return FeatureSketch.fromBytes(kind, sketch);
        }
        // a map that counts every category exactly: capacity 0.75 of its size
        int needed = (int) Math.ceil(categories.size() / 0.75) + 1;
        FeatureSketch rebuilt = FeatureSketch.categorical(
                Math.max(FeatureSketch.DEFAULT_MAX_MAP_SIZE, Integer.highestOneBit(needed) << 1));
        categories.forEach((category, n) -> rebuilt.categories().update(category, n));
        return rebuilt;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof FeatureProfile that
                && feature.equals(that.feature)
                && kind == that.kind
                && count == that.count
                && Arrays.equals(sketch, that.sketch)
                && categories.equals(that.categories);
    }

    @Override
    public int hashCode() {
        return Objects.hash(feature, kind, count, Arrays.hashCode(sketch), categories);
    }

    @Override
    public String toString() {
        return "FeatureProfile[" + feature + ", " + kind + ", count=" + count + ", "
                + (kind == FeatureKind.NUMERIC ? sketch.length + " sketch bytes" : categories.size() + " categories")
                + "]";
    }
}
