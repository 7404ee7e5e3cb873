package io.dubboai.serving.tensor;

import java.util.List;
import java.util.Optional;

/**
 * The inputs and outputs of a model, read from the model artifact itself.
 *
 * @param inputs input tensors in the model's order
 * @param outputs output tensors in the model's order
 */
public record ModelSignature(List<TensorSpec> inputs, List<TensorSpec> outputs) {

    /** Copies the lists; a model has at least one input and one output. */
    public ModelSignature {
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
        if (inputs.isEmpty() || outputs.isEmpty()) {
            throw new IllegalArgumentException("a model signature needs at least one input and one output, but had "
                    + inputs.size() + " inputs and " + outputs.size() + " outputs");
        }
    }

    /** The input called {@code name}. */
    public Optional<TensorSpec> input(String name) {
        return inputs.stream().filter(t -> t.name().equals(name)).findFirst();
    }

    /** The output called {@code name}. */
    public Optional<TensorSpec> output(String name) {
        return outputs.stream().filter(t -> t.name().equals(name)).findFirst();
    }

    /**
     * Whether every input and output has a variable first dimension, so that requests may be stacked along it: the
     * condition for dynamic batching.
     */
    public boolean hasBatchDimension() {
        return inputs.stream().allMatch(TensorSpec::hasBatchDimension)
                && outputs.stream().allMatch(TensorSpec::hasBatchDimension);
    }

    /** Names of the inputs, for error messages. */
    public List<String> inputNames() {
        return inputs.stream().map(TensorSpec::name).toList();
    }

    /** Names of the outputs, for error messages. */
    public List<String> outputNames() {
        return outputs.stream().map(TensorSpec::name).toList();
    }
}
