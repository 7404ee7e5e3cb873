package io.dubboai.monitor.sketch;

import io.dubboai.serving.oip.OipTensors;
import io.dubboai.serving.oip.grpc.ModelInferRequest;
import io.dubboai.serving.tensor.Tensor;

/**
 * Features of an Open Inference Protocol request: each input tensor of shape {@code [rows, columns]} gives one feature
 * per column, named {@code input[column]} ({@code input} alone for one column or a rank-1 tensor), one value per row.
 * Higher ranks are flattened per row. Booleans read as 0/1. Decoding uses serving's {@link OipTensors}, so raw and typed
 * contents read alike; a request that does not decode is skipped by the caller.
 */
public final class OipFeatureExtractor implements FeatureExtractor<ModelInferRequest> {

    private final String model;

    /** @param model the model name, for decoding errors */
    public OipFeatureExtractor(String model) {
        this.model = model;
    }

    @Override
    public void extract(ModelInferRequest request, FeatureSink sink) {
        for (Tensor tensor : OipTensors.inputs(model, request)) {
            int rows = tensor.rank() == 0 ? 1 : (int) tensor.dim(0);
            int size = tensor.size();
            int columns = rows == 0 ? 0 : size / rows;
            for (int column = 0; column < columns; column++) {
                String feature = columns == 1 ? tensor.name() : tensor.name() + "[" + column + "]";
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
