package io.dubboai.registry;

import java.util.List;

/**
 * One input or output tensor of a model signature.
 *
 * @param name tensor name as the runtime knows it
 * @param datatype element type in KServe v2 notation, e.g. {@code FP32}, {@code INT64}, {@code BYTES}
 * @param shape dimensions; {@code -1} for a variable dimension
 */
public record TensorSpec(String name, String datatype, List<Long> shape) {

    public TensorSpec {
        Validation.requireText(name, "tensor name", 256);
        Validation.requireText(datatype, "datatype of tensor '" + name + "'", 32);
        shape = List.copyOf(shape);
        for (Long dim : shape) {
            if (dim < -1) {
                throw new IllegalArgumentException("shape of tensor '" + name + "' has dimension " + dim
                        + "; use a size of 0 or more, or -1 for a variable dimension");
            }
        }
    }
}
