package io.dubboai.serving.loader;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.dubboai.core.model.ModelSignature;
import io.dubboai.core.model.TensorSpec;
import io.dubboai.serving.ErrorKind;
import io.dubboai.serving.ServingException;
import io.dubboai.serving.tensor.DataType;
import io.dubboai.serving.tensor.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** An ONNX Runtime session behind {@link LoadedModel}. {@link OrtSession#run} is thread-safe. */
final class OnnxLoadedModel implements LoadedModel {

    private final String modelName;
    private final OrtEnvironment environment;
    private final OrtSession session;
    private final ModelSignature signature;
    private final String executionProvider;

    OnnxLoadedModel(
            String modelName,
            OrtEnvironment environment,
            OrtSession session,
            ModelSignature signature,
            String executionProvider) {
        this.modelName = modelName;
        this.environment = environment;
        this.session = session;
        this.signature = signature;
        this.executionProvider = executionProvider;
    }

    @Override
    public ModelSignature signature() {
        return signature;
    }

    @Override
    public String platform() {
        return "onnxruntime_onnx";
    }

    @Override
    public String executionProvider() {
        return executionProvider;
    }

    @Override
    public Map<String, Tensor> run(Map<String, Tensor> inputs, Set<String> outputs) {
        Map<String, OnnxTensor> ortInputs = new LinkedHashMap<>();
        try {
            for (Tensor tensor : inputs.values()) {
                ortInputs.put(tensor.name(), toOrt(tensor));
            }
            Set<String> wanted = outputs.isEmpty() ? Set.copyOf(signature.outputNames()) : outputs;
            try (OrtSession.Result result = session.run(ortInputs, wanted)) {
                Map<String, Tensor> converted = new LinkedHashMap<>();
                for (TensorSpec spec : signature.outputs()) {
                    if (!wanted.contains(spec.name())) {
                        continue;
                    }
                    Optional<OnnxValue> value = result.get(spec.name());
                    if (value.isEmpty() || !(value.get() instanceof OnnxTensor tensor)) {
                        throw new ServingException(
                                ErrorKind.RUNTIME,
                                modelName,
                                "ONNX Runtime returned no tensor for output '" + spec.name() + "' of model '"
                                        + modelName + "'");
                    }
                    converted.put(spec.name(), fromOrt(spec.name(), DataType.of(spec), tensor));
                }
                return converted;
            }
        } catch (OrtException e) {
            throw new ServingException(
                    ErrorKind.RUNTIME,
                    modelName,
                    "ONNX Runtime failed to run model '" + modelName + "': " + e.getMessage(),
                    e);
        } finally {
            ortInputs.values().forEach(OnnxTensor::close);
        }
    }

    private OnnxTensor toOrt(Tensor tensor) throws OrtException {
        long[] shape = tensor.shape();
        return switch (tensor.type()) {
            case FP32 -> OnnxTensor.createTensor(environment, FloatBuffer.wrap(tensor.floats()), shape);
            case FP64 -> OnnxTensor.createTensor(environment, DoubleBuffer.wrap(tensor.doubles()), shape);
            case INT32 -> OnnxTensor.createTensor(environment, IntBuffer.wrap(tensor.ints()), shape);
            case INT64 -> OnnxTensor.createTensor(environment, LongBuffer.wrap(tensor.longs()), shape);
            case INT8 ->
                OnnxTensor.createTensor(environment, ByteBuffer.wrap((byte[]) tensor.data()), shape, OnnxJavaType.INT8);
            case UINT8 ->
                OnnxTensor.createTensor(
                        environment, ByteBuffer.wrap((byte[]) tensor.data()), shape, OnnxJavaType.UINT8);
            case BOOL ->
                OnnxTensor.createTensor(environment, boolBytes((boolean[]) tensor.data()), shape, OnnxJavaType.BOOL);
        };
    }

    private static ByteBuffer boolBytes(boolean[] values) {
        ByteBuffer buffer = ByteBuffer.allocate(values.length);
        for (boolean value : values) {
            buffer.put((byte) (value ? 1 : 0));
        }
        return buffer.flip();
    }

    private static Tensor fromOrt(String name, DataType type, OnnxTensor tensor) {
        long[] shape = tensor.getInfo().getShape();
        Object data =
                switch (type) {
                    case FP32 -> toArray(tensor.getFloatBuffer());
                    case FP64 -> toArray(tensor.getDoubleBuffer());
                    case INT32 -> toArray(tensor.getIntBuffer());
                    case INT64 -> toArray(tensor.getLongBuffer());
                    case INT8, UINT8 -> toArray(tensor.getByteBuffer());
                    case BOOL -> toBooleans(tensor.getByteBuffer());
                };
        return Tensor.of(name, type, shape, data);
    }

    private static float[] toArray(FloatBuffer buffer) {
        float[] values = new float[buffer.remaining()];
        buffer.get(values);
        return values;
    }

    private static double[] toArray(DoubleBuffer buffer) {
        double[] values = new double[buffer.remaining()];
        buffer.get(values);
        return values;
    }

    private static int[] toArray(IntBuffer buffer) {
        int[] values = new int[buffer.remaining()];
        buffer.get(values);
        return values;
    }

    private static long[] toArray(LongBuffer buffer) {
        long[] values = new long[buffer.remaining()];
        buffer.get(values);
        return values;
    }

    private static byte[] toArray(ByteBuffer buffer) {
        byte[] values = new byte[buffer.remaining()];
        buffer.order(ByteOrder.nativeOrder()).get(values);
        return values;
    }

    private static boolean[] toBooleans(ByteBuffer buffer) {
        boolean[] values = new boolean[buffer.remaining()];
        for (int i = 0; i < values.length; i++) {
            values[i] = buffer.get() != 0;
        }
        return values;
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new ServingException(
                    ErrorKind.RUNTIME,
                    modelName,
                    "could not close the ONNX Runtime session of model '" + modelName + "'",
                    e);
        }
    }
}
