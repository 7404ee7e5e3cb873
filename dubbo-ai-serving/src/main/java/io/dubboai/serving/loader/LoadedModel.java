package io.dubboai.serving.loader;

import io.dubboai.core.model.ModelSignature;
import io.dubboai.serving.tensor.Tensor;
import java.util.Map;
import java.util.Set;

/**
 * A model held by a runtime, ready to run. Implementations are thread-safe: {@link #run} may be called by many
 * threads at once.
 */
public interface LoadedModel extends AutoCloseable {

    /** Inputs and outputs as the model artifact declares them. */
    ModelSignature signature();

    /** Platform name for Open Inference Protocol metadata, e.g. {@code onnxruntime_onnx}. */
    String platform();

    /** The execution provider actually in use, e.g. {@code CPU} or {@code CUDA}. */
    String executionProvider();

    /**
     * Runs the model once. Inputs have been validated against {@link #signature()} already.
     *
     * @param inputs every model input, by name
     * @param outputs names of the outputs to return; empty for all
     * @return the requested outputs by name, in signature order
     */
    Map<String, Tensor> run(Map<String, Tensor> inputs, Set<String> outputs);

    /** Frees the runtime's resources. */
    @Override
    void close();
}
