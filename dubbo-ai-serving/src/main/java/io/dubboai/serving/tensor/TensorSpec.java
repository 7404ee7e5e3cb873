package io.dubboai.serving.tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Name, element type and shape of one model input or output. A dimension of {@code -1} is variable.
 *
 * @param name tensor name as the model declares it
 * @param type element type
 * @param shape dimensions; {@code -1} for a variable dimension
 */
public record TensorSpec(String name, DataType type, List<Long> shape) {

    /** Validates the fields; dimensions must be {@code -1} or non-negative. */
    public TensorSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        shape = List.copyOf(shape);
        for (Long dim : shape) {
            if (dim < -1) {
                throw new IllegalArgumentException("dimension of tensor '" + name
                        + "' must be -1 (variable) or >= 0, but was " + dim + " in shape " + shape);
            }
        }
    }

    /** Whether the first dimension is variable, so that requests can be stacked along it. */
    public boolean hasBatchDimension() {
        return !shape.isEmpty() && shape.get(0) == -1;
    }

    /** The shape with its first dimension set to {@code rows}; for warm-up and tests. Other variable dims become 1. */
    public long[] concreteShape(long rows) {
        long[] result = new long[shape.size()];
        for (int i = 0; i < result.length; i++) {
            long dim = shape.get(i);
            result[i] = i == 0 && dim == -1 ? rows : dim == -1 ? 1 : dim;
        }
        return result;
    }

    /** The shape written as {@code [-1, 4]}. */
    public String shapeText() {
        List<String> dims = new ArrayList<>();
        shape.forEach(d -> dims.add(Long.toString(d)));
        return "[" + String.join(", ", dims) + "]";
    }
}
