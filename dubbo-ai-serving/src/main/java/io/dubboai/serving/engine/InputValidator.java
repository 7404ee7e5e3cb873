package io.dubboai.serving.engine;

import io.dubboai.core.model.ModelSignature;
import io.dubboai.core.model.TensorSpec;
import io.dubboai.serving.ErrorKind;
import io.dubboai.serving.ServingException;
import io.dubboai.serving.tensor.DataType;
import io.dubboai.serving.tensor.Tensor;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a request against the model's signature before it reaches the runtime, so that every mistake gets a message
 * naming the tensor, the expected and the actual value, instead of a runtime error from deep inside the model.
 */
public final class InputValidator {

    private final String model;
    private final ModelSignature signature;
    private final int maxInputElements;

    /** Validates requests for {@code model} against {@code signature}. */
    public InputValidator(String model, ModelSignature signature, int maxInputElements) {
        this.model = model;
        this.signature = signature;
        this.maxInputElements = maxInputElements;
    }

    /**
     * Checks names, completeness, data types, ranks, fixed dimensions, sizes, and that all inputs have the same number
     * of rows when the model has a batch dimension.
     *
     * @return the inputs by name
     * @throws ServingException of kind {@code INVALID_INPUT} for the first problem found
     */
    public Map<String, Tensor> validate(List<Tensor> inputs, Set<String> requestedOutputs) {
        Map<String, Tensor> byName = new LinkedHashMap<>();
        for (Tensor tensor : inputs) {
            TensorSpec spec = signature
                    .input(tensor.name())
                    .orElseThrow(() -> invalid("model '" + model + "' has no input '" + tensor.name()
                            + "'; its inputs are " + signature.inputNames()));
            if (byName.put(tensor.name(), tensor) != null) {
                throw invalid(
                        "input '" + tensor.name() + "' of model '" + model + "' was sent twice; send each input once");
            }
            checkTensor(spec, tensor);
        }
        for (TensorSpec spec : signature.inputs()) {
            if (!byName.containsKey(spec.name())) {
                throw invalid("input '" + spec.name() + "' of model '" + model + "' is missing; send every input: "
                        + signature.inputNames());
            }
        }
        for (String output : requestedOutputs) {
            if (signature.output(output).isEmpty()) {
                throw invalid("model '" + model + "' has no output '" + output + "'; its outputs are "
                        + signature.outputNames());
            }
        }
        if (signature.hasBatchDimension()) {
            long rows = -1;
            for (Tensor tensor : byName.values()) {
                if (rows >= 0 && tensor.dim(0) != rows) {
                    throw invalid("inputs of model '" + model + "' disagree on the number of rows (first dimension): '"
                            + tensor.name() + "' has " + tensor.dim(0) + " but another input has " + rows);
                }
                rows = tensor.dim(0);
            }
        }
        return byName;
    }

    private void checkTensor(TensorSpec spec, Tensor tensor) {
        if (tensor.type() != DataType.of(spec)) {
            throw invalid("input '" + spec.name() + "' of model '" + model + "' must have data type " + spec.datatype()
                    + " but was " + tensor.type());
        }
        if (tensor.rank() != spec.shape().size()) {
            throw invalid("input '" + spec.name() + "' of model '" + model + "' must have shape " + spec.shapeText()
                    + " (rank " + spec.shape().size() + ") but had " + Arrays.toString(tensor.shape()) + " (rank "
                    + tensor.rank() + ")");
        }
        for (int i = 0; i < tensor.rank(); i++) {
            long expected = spec.shape().get(i);
            if (expected >= 0 && tensor.dim(i) != expected) {
                throw invalid("dimension " + i + " of input '" + spec.name() + "' of model '" + model + "' must be "
                        + expected + " (shape " + spec.shapeText() + ") but was " + tensor.dim(i) + " (shape "
                        + Arrays.toString(tensor.shape()) + ")");
            }
        }
        if (tensor.size() > maxInputElements) {
            throw invalid("input '" + spec.name() + "' of model '" + model + "' has " + tensor.size()
                    + " elements, more than the limit of " + maxInputElements + " per request; split the request");
        }
        if (tensor.rank() > 0 && tensor.dim(0) == 0) {
            throw invalid("input '" + spec.name() + "' of model '" + model + "' has no rows (first dimension 0); send "
                    + "at least one row");
        }
    }

    private ServingException invalid(String message) {
        return new ServingException(ErrorKind.INVALID_INPUT, model, message);
    }
}
