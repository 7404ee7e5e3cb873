package io.dubboai.core.model;

import java.util.ArrayList;
import java.util.List;

/**
 * Name, element type and shape of one model input or output: the one tensor description shared by the registry (what
 * a version declares) and serving (what a loaded model has).
 *
 * @param name tensor name as the model declares it; 1 to 256 characters
 * @param datatype element type in KServe Open Inference Protocol v2 notation, e.g. {@code FP32}, {@code INT64},
 *     {@code BYTES}; 1 to 32 characters
 * @param shape dimensions; {@code -1} for a variable dimension
 */
public record TensorSpec(String name, String datatype, List<Long> shape) {

    /** Validates the fields; messages name the tensor and the fix. */
    public TensorSpec {
        if (name == null || name.isBlank() || name.length() > 256) {
            throw new IllegalArgumentException("tensor name must be 1 to 256 characters, but was '" + name + "'");
        }
        if (datatype == null || datatype.isBlank() || datatype.length() > 32) {
            throw new IllegalArgumentException("datatype of tensor '" + name
                    + "' must be a KServe v2 type name such as FP32 or INT64, but was '" + datatype + "'");
        }
        shape = List.copyOf(shape);
        for (Long dim : shape) {
            if (dim < -1) {
                throw new IllegalArgumentException("shape of tensor '" + name + "' has dimension " + dim
                        + "; use a size of 0 or more, or -1 for a variable dimension");
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
