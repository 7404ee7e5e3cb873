package io.dubboai.monitor.sketch;

import io.dubboai.serving.oip.OipTensors;
import io.dubboai.serving.oip.grpc.ModelInferRequest;
import io.dubboai.serving.oip.grpc.ModelInferResponse;
import io.dubboai.serving.tensor.Tensor;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Features of an Open Inference Protocol request: each input tensor of shape {@code [rows, columns]} gives one feature
 * per column, named {@code input[column]} ({@code input} alone for one column or a rank-1 tensor), one value per row.
 * Higher ranks are flattened per row. Booleans read as 0/1. Decoding uses serving's {@link OipTensors}, so raw and typed
 * contents read alike; a request that does not decode is skipped by the caller.
 *
 * <p>{@link #call()} also sketches the outputs of the answer, the same way, each feature name prefixed with
 * {@value #OUTPUT_PREFIX} ({@code output:probabilities[1]}), so the drift of what the model answers is reported next to
 * the drift of what it is asked.
 */
public final class OipFeatureExtractor implements FeatureExtractor<ModelInferRequest> {

    /** Prefix of the features of output tensors. */
    public static final String OUTPUT_PREFIX = "output:";

    /**
     * A served call: the request, and the answer when there was one.
     *
     * @param request what was asked
     * @param response what the model answered, or null (not known to the filter)
     */
    public record Call(ModelInferRequest request, @Nullable ModelInferResponse response) {}

    private final String model;

    /** @param model the model name, for decoding errors */
    public OipFeatureExtractor(String model) {
        this.model = model;
    }

    @Override
    public void extract(ModelInferRequest request, FeatureSink sink) {
        columns(OipTensors.inputs(model, request), "", sink);
    }

    /** An extractor of the inputs and outputs of served calls. */
    public FeatureExtractor<Call> call() {
        return (call, sink) -> {
            extract(call.request(), sink);
            ModelInferResponse response = call.response();
            if (response != null) {
                Tensor[] outputs = new Tensor[response.getOutputsCount()];
                for (int i = 0; i < outputs.length; i++) {
                    outputs[i] = OipTensors.output(response, i);
                }
                columns(List.of(outputs), OUTPUT_PREFIX, sink);
            }
        };
    }

    private static void columns(List<Tensor> tensors, String prefix, FeatureSink sink) {
        for (Tensor tensor : tensors) {
            int rows = tensor.rank() == 0 ? 1 : (int) tensor.dim(0);
            int size = tensor.size();
            int columns = rows == 0 ? 0 : size / rows;
            for (int column = 0; column < columns; column++) {
                String feature = prefix + (columns == 1 ? tensor.name() : tensor.name() + "[" + column + "]");
                for (int row = 0; row < rows; row++) {
                    sink.value(feature, element(tensor, row * columns + column));
                }
            }
        }
    }

    private static double element(Tensor tensor, int i) {
        return switch (tensor.type()) {
            case FP32 -> tensor.floats()[i];
            case FP64 -> tensor.doubles()[i];
            case INT64 -> tensor.longs()[i];
            case INT32 -> tensor.ints()[i];
            case INT8 -> ((byte[]) tensor.data())[i];
            case UINT8 -> ((byte[]) tensor.data())[i] & 0xff;
            case BOOL -> ((boolean[]) tensor.data())[i] ? 1 : 0;
        };
    }
}
