package io.dubboai.serving.client;

import io.dubboai.serving.oip.OipTensors;
import io.dubboai.serving.oip.grpc.ModelInferResponse;
import io.dubboai.serving.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads typed outputs from an Open Inference Protocol response, from typed or raw contents. */
public final class InferResults {

    private final Map<String, Tensor> outputs = new LinkedHashMap<>();

    private InferResults(ModelInferResponse response) {
        for (int i = 0; i < response.getOutputsCount(); i++) {
            Tensor tensor = OipTensors.output(response, i);
            outputs.put(tensor.name(), tensor);
        }
    }

    /** Reads every output of {@code response}. */
    public static InferResults of(ModelInferResponse response) {
        return new InferResults(response);
    }

    /** The output called {@code name}. */
    public Tensor tensor(String name) {
        Tensor tensor = outputs.get(name);
        if (tensor == null) {
            throw new IllegalArgumentException("the response has no output '" + name + "'; it has " + outputs.keySet());
        }
        return tensor;
    }

    /** The FP32 output {@code name}, flat in row-major order. */
    public float[] floats(String name) {
        return tensor(name).floats();
    }

    /** The rank-2 FP32 output {@code name} as rows. */
    public float[][] matrix(String name) {
        Tensor tensor = tensor(name);
        if (tensor.rank() != 2) {
            throw new IllegalArgumentException("output '" + name + "' has rank " + tensor.rank() + ", not 2");
        }
        float[][] rows = new float[(int) tensor.dim(0)][];
        for (int r = 0; r < rows.length; r++) {
            rows[r] = tensor.floatRow(r);
        }
        return rows;
    }

    /** Every output by name. */
    public Map<String, Tensor> all() {
        return Map.copyOf(outputs);
    }
}
