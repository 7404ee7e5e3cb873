package io.dubboai.registry;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The inputs and outputs a model version expects and produces.
 *
 * @param inputs input tensors, names unique
 * @param outputs output tensors, names unique
 */
public record ModelSignature(List<TensorSpec> inputs, List<TensorSpec> outputs) {

    /** A signature with no declared tensors. */
    public static final ModelSignature EMPTY = new ModelSignature(List.of(), List.of());

    public ModelSignature {
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
        requireUnique(inputs, "inputs");
        requireUnique(outputs, "outputs");
    }

    private static void requireUnique(List<TensorSpec> tensors, String field) {
        if (tensors.size() > 1024) {
            throw new IllegalArgumentException(
                    "signature " + field + " lists " + tensors.size() + " tensors; at most 1024 are allowed");
        }
        Set<String> names = new HashSet<>();
        for (TensorSpec tensor : tensors) {
            if (!names.add(tensor.name())) {
                throw new IllegalArgumentException(
                        "signature " + field + " lists tensor '" + tensor.name() + "' twice; name each tensor once");
            }
        }
    }
}
