package io.dubboai.monitor.sketch;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The sketches of every feature of one model over one time window {@code [start, end)}. Mergeable (the sketch of the
 * union of the windows or replicas merged) and serialisable to bytes that another process reads back and merges.
 *
 * <p><b>Byte format</b> (big-endian, {@link DataOutputStream}): magic {@code "DAIS"}, format version
 * ({@value #FORMAT_VERSION}, an {@code int}), window start and end (epoch milliseconds, {@code long}), the feature
 * count ({@code int}), then per feature its name ({@code writeUTF}), kind ordinal ({@code byte}), and DataSketches'
 * own bytes (length-prefixed). A reader refuses another format version with {@link IncompatibleSketchException}
 * rather than guessing; DataSketches' bytes carry their own serial version, checked when they are read.
 *
 * <p>Not thread-safe: the sampler thread updates the current window; readers take {@link #copy()}s.
 */
public final class SketchSet {

    /** The byte format written by {@link #toBytes()}. */
    public static final int FORMAT_VERSION = 1;

    private static final int MAGIC = 0x44414953; // "DAIS": dubbo-ai sketches

    private final Instant start;
    private final Instant end;
    private final Map<String, FeatureSketch> features;

    private SketchSet(Instant start, Instant end, Map<String, FeatureSketch> features) {
        if (end.isBefore(start)) {
            throw new IllegalArgumentException("window end " + end + " is before its start " + start);
        }
        this.start = start;
        this.end = end;
        this.features = features;
    }

    /** An empty set for the window {@code [start, end)}. */
    public static SketchSet empty(Instant start, Instant end) {
        return new SketchSet(start, end, new LinkedHashMap<>());
    }

    /** Window start, inclusive. */
    public Instant start() {
        return start;
    }

    /** Window end, exclusive. */
    public Instant end() {
        return end;
    }

    /** Feature names, in the order first seen. */
    public Set<String> featureNames() {
        return Collections.unmodifiableSet(features.keySet());
    }

    /** The sketches by feature name (a read-only view). */
    public Map<String, FeatureSketch> features() {
        return Collections.unmodifiableMap(features);
    }

    /** The sketch of {@code feature}, created empty with {@code kind} on first use. */
    public FeatureSketch sketch(String feature, FeatureKind kind, int kllK, int maxMapSize) {
        FeatureSketch sketch = features.get(feature);
        if (sketch == null) {
            sketch = kind == FeatureKind.NUMERIC ? FeatureSketch.numeric(kllK) : FeatureSketch.categorical(maxMapSize);
            features.put(feature, sketch);
        } else if (sketch.kind() != kind) {
            throw new IllegalArgumentException(
                    "feature '" + feature + "' is " + sketch.kind() + " in this window, not " + kind);
        }
        return sketch;
    }

    /**
     * A new set holding this one and {@code other} merged: the window spans both, each feature's sketch is the merge
     * of both (a feature in only one is copied). Neither input changes.
     *
     * @throws IllegalArgumentException when a feature has different kinds in the two
     */
    public SketchSet merge(SketchSet other) {
        Instant mergedStart = start.isBefore(other.start) ? start : other.start;
        Instant mergedEnd = end.isAfter(other.end) ? end : other.end;
        Map<String, FeatureSketch> merged = new LinkedHashMap<>();
        features.forEach((name, sketch) -> merged.put(name, sketch.copy()));
        other.features.forEach((name, sketch) -> {
            FeatureSketch mine = merged.get(name);
            if (mine == null) {
                merged.put(name, sketch.copy());
            } else {
                mine.merge(sketch);
            }
        });
        return new SketchSet(mergedStart, mergedEnd, merged);
    }

    /** An independent copy. */
    public SketchSet copy() {
        return fromBytes(toBytes());
    }

    /** The bytes of this set, in the format described above. */
    public byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeInt(FORMAT_VERSION);
            out.writeLong(start.toEpochMilli());
            out.writeLong(end.toEpochMilli());
            out.writeInt(features.size());
            for (Map.Entry<String, FeatureSketch> feature : features.entrySet()) {
                out.writeUTF(feature.getKey());
                out.writeByte(feature.getValue().kind().ordinal());
                byte[] sketch = feature.getValue().toBytes();
                out.writeInt(sketch.length);
                out.write(sketch);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * Reads {@link #toBytes()} back.
     *
     * @throws IncompatibleSketchException when the bytes are not a sketch set, have another format version, or are
     *     truncated or corrupt
     */
    public static SketchSet fromBytes(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            int magic = in.readInt();
            if (magic != MAGIC) {
                throw new IncompatibleSketchException("not a dubbo-ai sketch set: it starts with 0x"
                        + Integer.toHexString(magic) + ", not 0x" + Integer.toHexString(MAGIC) + " (\"DAIS\")");
            }
            int version = in.readInt();
            if (version != FORMAT_VERSION) {
                throw new IncompatibleSketchException("sketch set has format version " + version + ", this reader "
                        + "understands version " + FORMAT_VERSION + "; read it with the dubbo-ai-monitor version that "
                        + "wrote it, or upgrade this process");
            }
            Instant start = Instant.ofEpochMilli(in.readLong());
            Instant end = Instant.ofEpochMilli(in.readLong());
            int count = in.readInt();
            if (count < 0 || count > bytes.length) {
                throw new IncompatibleSketchException(
                        "sketch set claims " + count + " features in " + bytes.length + " bytes: corrupt");
            }
            Map<String, FeatureSketch> features = new LinkedHashMap<>();
            for (int i = 0; i < count; i++) {
                String name = in.readUTF();
                int kind = in.readByte();
                if (kind < 0 || kind >= FeatureKind.values().length) {
                    throw new IncompatibleSketchException(
                            "feature '" + name + "' has unknown kind " + kind + ": corrupt or newer format");
                }
                int length = in.readInt();
                if (length < 0 || length > in.available()) {
                    throw new IncompatibleSketchException("feature '" + name + "' claims " + length + " bytes of "
                            + "sketch but " + in.available() + " are left: truncated");
                }
                byte[] sketch = in.readNBytes(length);
                features.put(name, FeatureSketch.fromBytes(FeatureKind.values()[kind], sketch));
            }
            return new SketchSet(start, end, features);
        } catch (EOFException e) {
            throw new IncompatibleSketchException(
                    "sketch set bytes end early (" + bytes.length + " bytes): truncated", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
