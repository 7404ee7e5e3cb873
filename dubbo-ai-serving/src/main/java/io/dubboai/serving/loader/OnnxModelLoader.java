package io.dubboai.serving.loader;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.dubboai.core.model.ModelSignature;
import io.dubboai.core.model.TensorSpec;
import io.dubboai.serving.ErrorKind;
import io.dubboai.serving.ServingException;
import io.dubboai.serving.tensor.DataType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads ONNX models into ONNX Runtime (the CPU build; the CUDA execution provider when it is configured and usable
 * here, e.g. with the {@code onnxruntime_gpu} artifact on the class path and the CUDA libraries installed: see
 * {@link #effectiveOptions}). The signature is read from the session's input and output infos.
 */
public final class OnnxModelLoader implements ModelLoader {

    /** Runtime name of this loader. */
    public static final String RUNTIME = "onnxruntime";

    private static final Logger log = LoggerFactory.getLogger(OnnxModelLoader.class);

    @Override
    public String runtime() {
        return RUNTIME;
    }

    @Override
    public LoadedModel load(String modelName, Path artifact, LoadOptions options) {
        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions sessionOptions = new OrtSession.SessionOptions()) {
            String provider = configureProvider(modelName, sessionOptions, options);
            if (options.intraOpThreads() > 0) {
                sessionOptions.setIntraOpNumThreads(options.intraOpThreads());
            }
            String spin = options.spinWait() ? "1" : "0";
            sessionOptions.addConfigEntry("session.intra_op.allow_spinning", spin);
            sessionOptions.addConfigEntry("session.inter_op.allow_spinning", spin);
            OrtSession session = environment.createSession(artifact.toString(), sessionOptions);
            try {
                ModelSignature signature = new ModelSignature(
                        specs(modelName, session.getInputInfo()), specs(modelName, session.getOutputInfo()));
                if (signature.inputs().isEmpty() || signature.outputs().isEmpty()) {
                    throw new ServingException(
                            ErrorKind.ARTIFACT,
                            modelName,
                            "model '" + modelName + "' needs at least one input and one output, but its artifact"
                                    + " declares " + signature.inputs().size() + " inputs and "
                                    + signature.outputs().size() + " outputs");
                }
                return new OnnxLoadedModel(modelName, environment, session, signature, provider);
            } catch (RuntimeException | OrtException e) {
                session.close();
                throw e;
            }
        } catch (OrtException e) {
            throw new ServingException(
                    ErrorKind.ARTIFACT,
                    modelName,
                    "ONNX Runtime could not load the artifact " + artifact.getFileName() + " of model '" + modelName
                            + "': " + e.getMessage() + "; check that the file is an ONNX model (opset supported by "
                            + "ONNX Runtime) and not truncated",
                    e);
        }
    }

    /**
     * CUDA only when this ONNX Runtime offers it and its CUDA execution provider can be added for the configured
     * device here (the provider library and the CUDA libraries load); otherwise the CPU, with a warning that says why.
     */
    @Override
    public LoadOptions effectiveOptions(String modelName, LoadOptions options) {
        if (options.executionProvider() != LoadOptions.ExecutionProvider.CUDA) {
            return options;
        }
        Optional<String> unusable = cudaUnusable(options.deviceId());
        if (unusable.isEmpty()) {
            return options;
        }
        log.warn(
                "Model '{}' is configured for CUDA on device {} but {}; running on the CPU and advertising the CPU. "
                        + "Put the onnxruntime_gpu artifact on the class path and install matching CUDA and cuDNN "
                        + "libraries to use the GPU",
                modelName,
                options.deviceId(),
                unusable.get());
        return options.withExecutionProvider(LoadOptions.ExecutionProvider.CPU, options.deviceId());
    }

    /** Why CUDA cannot be used for {@code deviceId} here, or empty when it can. */
    static Optional<String> cudaUnusable(int deviceId) {
        if (!OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA)) {
            return Optional.of("this ONNX Runtime offers only " + OrtEnvironment.getAvailableProviders());
        }
        try (OrtSession.SessionOptions probe = new OrtSession.SessionOptions()) {
            probe.addCUDA(deviceId);
            return Optional.empty();
        } catch (OrtException | RuntimeException | UnsatisfiedLinkError e) {
            return Optional.of("its CUDA execution provider could not be added (" + e.getMessage() + ")");
        }
    }

    private static String configureProvider(
            String modelName, OrtSession.SessionOptions sessionOptions, LoadOptions options) {
        if (options.executionProvider() != LoadOptions.ExecutionProvider.CUDA) {
            return "CPU";
        }
        try {
            sessionOptions.addCUDA(options.deviceId());
        } catch (OrtException | RuntimeException | UnsatisfiedLinkError e) {
            // effectiveOptions() found CUDA usable; failing now must not silently run (and advertise) elsewhere
            throw new ServingException(
                    ErrorKind.ARTIFACT,
                    modelName,
                    "model '" + modelName + "' is configured for CUDA on device " + options.deviceId() + ", but its "
                            + "CUDA execution provider could not be added (" + e.getMessage() + "); the model was not "
                            + "loaded. Fix the CUDA installation, or configure the CPU execution provider",
                    e);
        }
        return "CUDA";
    }

    private static List<TensorSpec> specs(String modelName, Map<String, NodeInfo> infos) {
        List<TensorSpec> specs = new ArrayList<>();
        for (NodeInfo node : infos.values()) {
            if (!(node.getInfo() instanceof TensorInfo info)) {
                throw new ServingException(
                        ErrorKind.ARTIFACT,
                        modelName,
                        "model '" + modelName + "' has the non-tensor input or output '" + node.getName() + "' ("
                                + node.getInfo() + "); only tensor inputs and outputs can be served");
            }
            List<Long> shape = new ArrayList<>();
            for (long dim : info.getShape()) {
                shape.add(dim < 0 ? -1L : dim);
            }
            specs.add(new TensorSpec(
                    node.getName(),
                    dataType(modelName, node.getName(), info.type).wireName(),
                    shape));
        }
        return specs;
    }

    static DataType dataType(String modelName, String tensor, OnnxJavaType type) {
        return switch (type) {
            case FLOAT -> DataType.FP32;
            case DOUBLE -> DataType.FP64;
            case INT32 -> DataType.INT32;
            case INT64 -> DataType.INT64;
            case INT8 -> DataType.INT8;
            case UINT8 -> DataType.UINT8;
            case BOOL -> DataType.BOOL;
            default ->
                throw new ServingException(
                        ErrorKind.ARTIFACT,
                        modelName,
                        "tensor '" + tensor + "' of model '" + modelName + "' has element type " + type
                                + ", which this server does not serve; supported: " + List.of(DataType.values()));
        };
    }
}
