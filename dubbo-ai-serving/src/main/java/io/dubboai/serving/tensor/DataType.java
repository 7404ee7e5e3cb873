package io.dubboai.serving.tensor;

import io.dubboai.core.model.TensorSpec;
import java.util.Locale;
import java.util.Optional;

/**
 * Tensor element types, named as in the Open Inference Protocol ({@code FP32}, {@code INT64}, ...). Each type has one
 * Java array type holding its elements in row-major order.
 */
public enum DataType {
    BOOL(boolean[].class, 1),
    INT8(byte[].class, 1),
    UINT8(byte[].class, 1),
    INT32(int[].class, 4),
    INT64(long[].class, 8),
    FP32(float[].class, 4),
    FP64(double[].class, 8);

    private final Class<?> arrayType;
    private final int byteSize;

    DataType(Class<?> arrayType, int byteSize) {
        this.arrayType = arrayType;
        this.byteSize = byteSize;
    }

    /** The Java array type that holds elements of this type, e.g. {@code float[]} for {@link #FP32}. */
    public Class<?> arrayType() {
        return arrayType;
    }

    /** Bytes per element in the protocol's raw (little-endian) encoding. */
    public int byteSize() {
        return byteSize;
    }

    /** The protocol name, e.g. {@code FP32}. */
    public String wireName() {
        return name();
    }

    /** Parses a protocol name, case-insensitively; empty for unknown or unsupported names. */
    public static Optional<DataType> fromWireName(String name) {
        try {
            return Optional.of(valueOf(name.trim().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * The type of {@code spec}.
     *
     * @throws IllegalArgumentException when serving does not support the spec's type, naming the tensor and the types
     */
    public static DataType of(TensorSpec spec) {
        return fromWireName(spec.datatype())
                .orElseThrow(() -> new IllegalArgumentException("tensor '" + spec.name() + "' has data type "
                        + spec.datatype() + ", which serving does not support; supported: "
                        + java.util.Arrays.toString(values())));
    }

    /** A new array of this type with {@code length} elements. */
    public Object newArray(int length) {
        return java.lang.reflect.Array.newInstance(arrayType.getComponentType(), length);
    }
}
