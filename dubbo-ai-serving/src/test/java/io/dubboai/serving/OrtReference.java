package io.dubboai.serving;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.file.Path;
import java.util.Map;

/** ONNX Runtime called directly, without dubbo-ai: the reference outputs tests compare against. */
public final class OrtReference {

    private OrtReference() {}

    /** Runs the model at {@code model} on one FP32 input and returns the first output as rows. */
    public static float[][] run(Path model, String input, float[][] rows) {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(model.toString(), new OrtSession.SessionOptions());
                OnnxTensor tensor = OnnxTensor.createTensor(env, rows);
                OrtSession.Result result = session.run(Map.of(input, tensor))) {
            return (float[][]) result.get(0).getValue();
        } catch (OrtException e) {
            throw new IllegalStateException(e);
        }
    }
}
