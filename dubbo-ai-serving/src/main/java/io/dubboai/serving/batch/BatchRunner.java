package io.dubboai.serving.batch;

import io.dubboai.serving.tensor.Tensor;
import java.util.Map;

/** Runs one (possibly stacked) set of inputs through the model and returns every output. */
@FunctionalInterface
public interface BatchRunner {

    /** Runs the model on {@code inputs}; each output's first dimension equals the inputs' row count. */
    Map<String, Tensor> run(Map<String, Tensor> inputs);
}
