package io.dubboai.serving.typed;

import io.dubboai.core.model.ModelSignature;
import io.dubboai.serving.tensor.Tensor;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What an adapter of a user-typed service calls: the served model, through the same validation and batching as the
 * Open Inference Protocol service. Thread-safe.
 */
public interface ModelInvoker {

    /**
     * Runs the model and waits for the result.
     *
     * @param inputs every model input
     * @param outputs outputs wanted; empty for all
     * @throws io.dubboai.serving.ServingException with the reason when the call fails
     */
    Map<String, Tensor> infer(List<Tensor> inputs, Set<String> outputs);

    /** The model's signature; only after the model is loaded. */
    ModelSignature signature();
}
