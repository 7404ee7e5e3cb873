package io.dubboai.core.model;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The inputs and outputs a model version expects and produces: recorded with the version in the registry, read from
 * the artifact by serving, and compared between the two. {@link #EMPTY} means "not declared".
 *
 * @param inputs input tensors in the model's order, names unique
 * @param outputs output tensors in the model's order, names unique
 */
public record ModelSignature(List<TensorSpec> inputs, List<TensorSpec> outputs) {

    /** A signature with no declared tensors. */
    public static final ModelSignature EMPTY = new ModelSignature(List.of(), List.of());

    /** Copies the lists; at most 1024 tensors each, each name once. */
    public ModelSignature {
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
        requireUnique(inputs, "inputs");
        requireUnique(outputs, "outputs");
    }

    /** Whether nothing is declared. */
    public boolean isEmpty() {
        return inputs.isEmpty() && outputs.isEmpty();
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

    /**
     * Whether {@code other} declares the same inputs and the same outputs (name, datatype and shape each), in any
     * order: the check between the signature registered for a version and the one its artifact has.
     */
    public boolean sameTensors(ModelSignature other) {
        return Set.copyOf(inputs).equals(Set.copyOf(other.inputs))
                && Set.copyOf(outputs).equals(Set.copyOf(other.outputs));
    }

    /** The signature written as {@code inputs [x FP32 [-1, 4]], outputs [y FP32 [-1, 1]]}, for messages. */
    public String describe() {
        return "inputs " + describe(inputs) + ", outputs " + describe(outputs);
    }

    private static String describe(List<TensorSpec> tensors) {
        return tensors.stream()
                .map(t -> t.name() + " " + t.datatype() + " " + t.shapeText())
                .collect(java.util.stream.Collectors.joining(", ", "[", "]"));
    }

    /** Names of the inputs, for error messages. */
    public List<String> inputNames() {
        return inputs.stream().map(TensorSpec::name).toList();
    }

    /** Names of the outputs, for error messages. */
    public List<String> outputNames() {
        return outputs.stream().map(TensorSpec::name).toList();
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
