package io.dubboai.serving.oip;

import com.google.protobuf.ByteString;
import io.dubboai.serving.ErrorKind;
import io.dubboai.serving.ServingException;
import io.dubboai.serving.oip.grpc.InferTensorContents;
import io.dubboai.serving.oip.grpc.ModelInferRequest;
import io.dubboai.serving.oip.grpc.ModelInferResponse;
import io.dubboai.serving.tensor.DataType;
import io.dubboai.serving.tensor.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Converts between {@link Tensor}s and Open Inference Protocol tensors: typed contents ({@code fp32_contents}, ...)
 * and raw little-endian bytes ({@code raw_input_contents}, {@code raw_output_contents}).
 */
public final class OipTensors {

    private OipTensors() {}

    /**
     * Reads the input tensors of a request.
     *
     * @throws ServingException of kind {@code INVALID_INPUT} for an unknown data type, a negative dimension, or contents
     *     whose length does not match the shape
     */
    public static List<Tensor> inputs(String model, ModelInferRequest request) {
        boolean raw = request.getRawInputContentsCount() > 0;
        if (raw && request.getRawInputContentsCount() != request.getInputsCount()) {
            throw invalid(
                    model,
                    "request for model '" + model + "' has " + request.getInputsCount() + " inputs but "
                            + request.getRawInputContentsCount()
                            + " raw_input_contents; send one raw entry per input, in order");
        }
        List<Tensor> tensors = new ArrayList<>(request.getInputsCount());
        for (int i = 0; i < request.getInputsCount(); i++) {
            ModelInferRequest.InferInputTensor input = request.getInputs(i);
            String name = input.getName();
            DataType type = DataType.fromWireName(input.getDatatype())
                    .orElseThrow(() -> invalid(
                            model,
                            "input '" + name + "' of model '" + model + "' has data type '"
                                    + input.getDatatype() + "', which is unknown or not supported; use one of "
                                    + List.of(DataType.values())));
            long[] shape =
                    input.getShapeList().stream().mapToLong(Long::longValue).toArray();
            long elements;
            try {
                elements = Tensor.elementCount(shape);
            } catch (IllegalArgumentException | ArithmeticException e) {
                throw invalid(
                        model,
                        "input '" + name + "' of model '" + model + "' has an invalid shape " + input.getShapeList()
                                + "; dimensions must be >= 0");
            }
            if (elements > Integer.MAX_VALUE - 8) {
                throw invalid(
                        model,
                        "input '" + name + "' of model '" + model + "' has shape " + input.getShapeList() + " with "
                                + elements + " elements, more than one tensor can hold; split the request");
            }
            Object data = raw
                    ? fromRaw(model, name, type, request.getRawInputContents(i))
                    : fromContents(type, input.getContents());
            try {
                tensors.add(Tensor.of(name, type, shape, data));
            } catch (IllegalArgumentException e) {
                throw invalid(model, "input '" + name + "' of model '" + model + "': " + e.getMessage());
            }
        }
        return tensors;
    }

    /** Whether a request carries its inputs as {@code raw_input_contents}; its answer then uses raw outputs too. */
    public static boolean usesRawContents(ModelInferRequest request) {
        return request.getRawInputContentsCount() > 0;
    }

    /** Writes an output tensor's name, type and shape, with typed contents unless {@code raw}. */
    public static ModelInferResponse.InferOutputTensor output(Tensor tensor, boolean raw) {
        ModelInferResponse.InferOutputTensor.Builder builder = ModelInferResponse.InferOutputTensor.newBuilder()
                .setName(tensor.name())
                .setDatatype(tensor.type().wireName());
        for (long dim : tensor.shape()) {
            builder.addShape(dim);
        }
        return raw ? builder.build() : builder.setContents(contents(tensor)).build();
    }

    /** Writes an input tensor's name, type and shape, with typed contents unless {@code raw}; for clients. */
    public static ModelInferRequest.InferInputTensor input(Tensor tensor, boolean raw) {
        ModelInferRequest.InferInputTensor.Builder builder = ModelInferRequest.InferInputTensor.newBuilder()
                .setName(tensor.name())
                .setDatatype(tensor.type().wireName());
        for (long dim : tensor.shape()) {
            builder.addShape(dim);
        }
        return raw ? builder.build() : builder.setContents(contents(tensor)).build();
    }

    /**
     * A tensor's elements as the protocol's raw contents: little-endian, row-major, one byte per BOOL. One bulk copy,
     * where typed contents cost a call per element on both sides.
     */
    public static ByteString raw(Tensor tensor) {
        int count = (int) Tensor.elementCount(tensor.shape());
        ByteBuffer buffer =
                ByteBuffer.allocate(count * tensor.type().byteSize()).order(ByteOrder.LITTLE_ENDIAN);
        switch (tensor.type()) {
            case FP32 -> buffer.asFloatBuffer().put(tensor.floats());
            case FP64 -> buffer.asDoubleBuffer().put(tensor.doubles());
            case INT32 -> buffer.asIntBuffer().put(tensor.ints());
            case INT64 -> buffer.asLongBuffer().put(tensor.longs());
            case INT8, UINT8 -> buffer.put((byte[]) tensor.data());
            case BOOL -> {
                for (boolean value : (boolean[]) tensor.data()) {
                    buffer.put((byte) (value ? 1 : 0));
                }
            }
        }
        return ByteString.copyFrom(buffer.array());
    }

    /** Reads output {@code index} of a response, from typed or raw contents. */
    public static Tensor output(ModelInferResponse response, int index) {
        ModelInferResponse.InferOutputTensor output = response.getOutputs(index);
        DataType type = DataType.fromWireName(output.getDatatype())
                .orElseThrow(() -> new IllegalArgumentException(
                        "output '" + output.getName() + "' has unsupported data type " + output.getDatatype()));
        long[] shape = output.getShapeList().stream().mapToLong(Long::longValue).toArray();
        Object data = response.getRawOutputContentsCount() > index
                ? fromRaw(response.getModelName(), output.getName(), type, response.getRawOutputContents(index))
                : fromContents(type, output.getContents());
        return Tensor.of(output.getName(), type, shape, data);
    }

    private static InferTensorContents contents(Tensor tensor) {
        InferTensorContents.Builder contents = InferTensorContents.newBuilder();
        switch (tensor.type()) {
            case FP32 -> {
                for (float v : tensor.floats()) {
                    contents.addFp32Contents(v);
                }
            }
            case FP64 -> {
                for (double v : tensor.doubles()) {
                    contents.addFp64Contents(v);
                }
            }
            case INT32 -> {
                for (int v : tensor.ints()) {
                    contents.addIntContents(v);
                }
            }
            case INT64 -> {
                for (long v : tensor.longs()) {
                    contents.addInt64Contents(v);
                }
            }
            case INT8 -> {
                for (byte v : (byte[]) tensor.data()) {
                    contents.addIntContents(v);
                }
            }
            case UINT8 -> {
                for (byte v : (byte[]) tensor.data()) {
                    contents.addUintContents(v & 0xFF);
                }
            }
            case BOOL -> {
                for (boolean v : (boolean[]) tensor.data()) {
                    contents.addBoolContents(v);
                }
            }
        }
        return contents.build();
    }

    private static Object fromContents(DataType type, InferTensorContents contents) {
        return switch (type) {
            case FP32 -> {
                float[] values = new float[contents.getFp32ContentsCount()];
                for (int i = 0; i < values.length; i++) {
                    values[i] = contents.getFp32Contents(i);
                }
                yield values;
            }
            case FP64 ->
                contents.getFp64ContentsList().stream()
                        .mapToDouble(Double::doubleValue)
                        .toArray();
            case INT32 ->
                contents.getIntContentsList().stream()
                        .mapToInt(Integer::intValue)
                        .toArray();
            case INT64 ->
                contents.getInt64ContentsList().stream()
                        .mapToLong(Long::longValue)
                        .toArray();
            case INT8 -> {
                byte[] values = new byte[contents.getIntContentsCount()];
                for (int i = 0; i < values.length; i++) {
                    values[i] = (byte) contents.getIntContents(i);
                }
                yield values;
            }
            case UINT8 -> {
                byte[] values = new byte[contents.getUintContentsCount()];
                for (int i = 0; i < values.length; i++) {
                    values[i] = (byte) contents.getUintContents(i);
                }
                yield values;
            }
            case BOOL -> {
                boolean[] values = new boolean[contents.getBoolContentsCount()];
                for (int i = 0; i < values.length; i++) {
                    values[i] = contents.getBoolContents(i);
                }
                yield values;
            }
        };
    }

    private static Object fromRaw(String model, String name, DataType type, ByteString raw) {
        if (raw.size() % type.byteSize() != 0) {
            throw invalid(
                    model,
                    "raw contents of tensor '" + name + "' have " + raw.size() + " bytes, not a multiple of "
                            + type.byteSize() + " bytes per " + type + " element");
        }
        ByteBuffer buffer = raw.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        int count = raw.size() / type.byteSize();
        return switch (type) {
            case FP32 -> {
                float[] values = new float[count];
                buffer.asFloatBuffer().get(values);
                yield values;
            }
            case FP64 -> {
                double[] values = new double[count];
                buffer.asDoubleBuffer().get(values);
                yield values;
            }
            case INT32 -> {
                int[] values = new int[count];
                buffer.asIntBuffer().get(values);
                yield values;
            }
            case INT64 -> {
                long[] values = new long[count];
                buffer.asLongBuffer().get(values);
                yield values;
            }
            case INT8, UINT8 -> raw.toByteArray();
            case BOOL -> {
                boolean[] values = new boolean[count];
                for (int i = 0; i < count; i++) {
                    values[i] = buffer.get(i) != 0;
                }
                yield values;
            }
        };
    }

    private static ServingException invalid(String model, String message) {
        return new ServingException(ErrorKind.INVALID_INPUT, model, message);
    }
}
