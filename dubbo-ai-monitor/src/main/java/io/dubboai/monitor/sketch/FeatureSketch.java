package io.dubboai.monitor.sketch;

import org.apache.datasketches.common.ArrayOfStringsSerDe;
import org.apache.datasketches.common.SketchesException;
import org.apache.datasketches.frequencies.ItemsSketch;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.memory.Memory;
import org.jspecify.annotations.Nullable;

/**
 * The sketch of one feature: a KLL quantiles sketch for a {@link FeatureKind#NUMERIC} feature, a frequent-items sketch
 * for a {@link FeatureKind#CATEGORICAL} one. Both are mergeable: sketches of the same feature from several replicas or
 * windows merge into the sketch of the union of their streams.
 *
 * <p><b>Accuracy.</b> KLL with parameter {@code k} answers rank (CDF) queries within ±ε of the true rank with 99%
 * confidence, ε ≈ 1.65% for the default {@code k = 200} (DataSketches' {@code getNormalizedRankError(false)}); below
 * {@code k} items it holds every item and is exact. The frequent-items sketch with map size {@code m} counts exactly
 * while it has seen fewer than {@code 0.75·m} distinct items; past that, counts are estimates within
 * {@link ItemsSketch#getMaximumError()}.
 *
 * <p>Not thread-safe: one thread updates (the sampler's), others read copies ({@link #copy()}).
 *
 * <p>References: Karnin, Lang, Liberty, "Optimal Quantile Approximation in Streams" (FOCS 2016); Anderson et al., "A
 * High-Performance Algorithm for Identifying Frequent Items in Data Streams" (IMC 2017); Apache DataSketches.
 */
public final class FeatureSketch {

    /** Default KLL parameter: ε ≈ 1.65% rank error, about 3 KiB per sketch in practice. */
    public static final int DEFAULT_K = 200;

    /** Default frequent-items map size: counts stay exact up to 48 distinct categories. */
    public static final int DEFAULT_MAX_MAP_SIZE = 64;

    private static final ArrayOfStringsSerDe STRINGS = new ArrayOfStringsSerDe();

    private final FeatureKind kind;
    private final @Nullable KllDoublesSketch numbers;
    private final @Nullable ItemsSketch<String> categories;

    private FeatureSketch(
            FeatureKind kind, @Nullable KllDoublesSketch numbers, @Nullable ItemsSketch<String> categories) {
        this.kind = kind;
        this.numbers = numbers;
        this.categories = categories;
    }

    /** An empty numeric sketch with KLL parameter {@code k} (8..65535). */
    public static FeatureSketch numeric(int k) {
        if (k < 8 || k > 65535) {
            throw new IllegalArgumentException("KLL k must be in 8..65535, but was " + k);
        }
        return new FeatureSketch(FeatureKind.NUMERIC, KllDoublesSketch.newHeapInstance(k), null);
    }

    /** An empty categorical sketch with frequent-items map size {@code maxMapSize} (a power of two, 8..2^26). */
    public static FeatureSketch categorical(int maxMapSize) {
        if (maxMapSize < 8 || maxMapSize > (1 << 26) || Integer.bitCount(maxMapSize) != 1) {
            throw new IllegalArgumentException(
                    "frequent-items map size must be a power of two in 8..2^26, but was " + maxMapSize);
        }
        return new FeatureSketch(FeatureKind.CATEGORICAL, null, new ItemsSketch<>(maxMapSize));
    }

    /** An empty sketch of {@code kind} with the default sizes. */
    public static FeatureSketch of(FeatureKind kind) {
        return kind == FeatureKind.NUMERIC ? numeric(DEFAULT_K) : categorical(DEFAULT_MAX_MAP_SIZE);
    }

    /** The kind. */
    public FeatureKind kind() {
        return kind;
    }

    /** Values seen. */
    public long count() {
        return numbers != null ? numbers.getN() : categories().getStreamLength();
    }

    /** Adds a number; {@code NaN} is ignored (as DataSketches does). Numeric sketches only. */
    public void update(double value) {
        numbers().update(value);
    }

    /** Adds a category. Categorical sketches only. */
    public void update(String category) {
        categories().update(category);
    }

    /** Adds {@code other}'s stream to this one. */
    public void merge(FeatureSketch other) {
        if (other.kind != kind) {
            throw new IllegalArgumentException("cannot merge a " + other.kind + " sketch into a " + kind + " sketch");
        }
        if (kind == FeatureKind.NUMERIC) {
            numbers().merge(other.numbers());
        } else {
            categories().merge(other.categories());
        }
    }

    /** An independent copy. */
    public FeatureSketch copy() {
        return fromBytes(kind, toBytes());
    }

    /** The KLL sketch; numeric sketches only. */
    public KllDoublesSketch numbers() {
        if (numbers == null) {
            throw new IllegalStateException("a " + kind + " sketch has no numbers; it is a frequent-items sketch");
        }
        return numbers;
    }

    /** The frequent-items sketch; categorical sketches only. */
    public ItemsSketch<String> categories() {
        if (categories == null) {
            throw new IllegalStateException("a " + kind + " sketch has no categories; it is a KLL sketch");
        }
        return categories;
    }

    /** DataSketches' own serialised form (which carries DataSketches' serial version). */
    public byte[] toBytes() {
        return numbers != null ? numbers.toByteArray() : categories().toByteArray(STRINGS);
    }

    /**
     * Reads {@link #toBytes()} back.
     *
     * @throws IncompatibleSketchException when DataSketches cannot read the bytes (another serial version, corrupt)
     */
    public static FeatureSketch fromBytes(FeatureKind kind, byte[] bytes) {
        try {
            Memory memory = Memory.wrap(bytes);
            return kind == FeatureKind.NUMERIC
                    ? new FeatureSketch(kind, KllDoublesSketch.heapify(memory), null)
                    : new FeatureSketch(kind, null, ItemsSketch.getInstance(memory, STRINGS));
        } catch (SketchesException | IndexOutOfBoundsException e) {
            throw new IncompatibleSketchException(
                    "cannot read a " + kind + " sketch (" + bytes.length + " bytes): " + e.getMessage()
                            + "; it was written by an incompatible DataSketches version or is corrupt",
                    e);
        }
    }
}
