package io.dubboai.serving.client;

import io.dubboai.serving.oip.OipTensors;
import io.dubboai.serving.oip.grpc.ModelInferRequest;
import io.dubboai.serving.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds Open Inference Protocol requests from Java arrays.
 *
 * <pre>{@code
 * ModelInferRequest request = InferRequests.forModel("fraud")
 *         .input("features", new float[][] {{0.1f, 0.2f, 0.3f, 0.4f}})
 *         .output("probability")
 *         .build();
 * }</pre>
 */
public final class InferRequests {

    private final ModelInferRequest.Builder builder;
    private final List<Tensor> inputs = new ArrayList<>();
    private boolean raw = true;

    private InferRequests(String model) {
        this.builder = ModelInferRequest.newBuilder().setModelName(model);
    }

    /** A request for {@code model}, any version the provider serves. */
    public static InferRequests forModel(String model) {
        return new InferRequests(model);
    }

    /** Asks for one version; a provider serving another answers NOT_FOUND (use routing attachments to pick one). */
    public InferRequests version(String version) {
        builder.setModelVersion(version);
        return this;
    }

    /** Sets the request id echoed in the response. */
    public InferRequests id(String id) {
        builder.setId(id);
        return this;
    }

    /** Adds an FP32 input of shape {@code [rows.length, rows[0].length]}. */
    public InferRequests input(String name, float[][] rows) {
        return input(Tensor.ofMatrix(name, rows));
    }

    /** Adds an FP32 input of any shape. */
    public InferRequests input(String name, long[] shape, float[] values) {
        return input(Tensor.ofFloats(name, shape, values));
    }

    /** Adds an INT64 input of any shape. */
    public InferRequests input(String name, long[] shape, long[] values) {
        return input(Tensor.ofLongs(name, shape, values));
    }

    /** Adds an FP64 input of any shape. */
    public InferRequests input(String name, long[] shape, double[] values) {
        return input(Tensor.ofDoubles(name, shape, values));
    }

    /** Adds an input tensor. */
    public InferRequests input(Tensor tensor) {
        inputs.add(tensor);
        return this;
    }

    /**
     * Sends the inputs as typed contents ({@code fp32_contents} and so on) instead of the default
     * {@code raw_input_contents}; the answer then comes with typed contents too. Raw contents are one bulk copy on
     * each side, typed contents a call per element; both are part of the protocol.
     */
    public InferRequests typedContents() {
        raw = false;
        return this;
    }

    /** Asks for one output by name; without any, the provider returns all outputs. */
    public InferRequests output(String name) {
        builder.addOutputs(
                ModelInferRequest.InferRequestedOutputTensor.newBuilder().setName(name));
        return this;
    }

    /** The request. */
    public ModelInferRequest build() {
        ModelInferRequest.Builder request = builder.clone();
        for (Tensor tensor : inputs) {
            request.addInputs(OipTensors.input(tensor, raw));
            if (raw) {
                request.addRawInputContents(OipTensors.raw(tensor));
            }
        }
        return request.build();
    }
}
