package io.dubboai.serving.oip;

import io.dubboai.core.contract.ModelAttachments;
import io.dubboai.core.model.TensorSpec;
import io.dubboai.serving.ErrorKind;
import io.dubboai.serving.ServingException;
import io.dubboai.serving.engine.ModelEngine;
import io.dubboai.serving.oip.grpc.DubboGRPCInferenceServiceTriple;
import io.dubboai.serving.oip.grpc.ModelInferRequest;
import io.dubboai.serving.oip.grpc.ModelInferResponse;
import io.dubboai.serving.oip.grpc.ModelMetadataRequest;
import io.dubboai.serving.oip.grpc.ModelMetadataResponse;
import io.dubboai.serving.oip.grpc.ModelReadyRequest;
import io.dubboai.serving.oip.grpc.ModelReadyResponse;
import io.dubboai.serving.oip.grpc.ServerLiveRequest;
import io.dubboai.serving.oip.grpc.ServerLiveResponse;
import io.dubboai.serving.oip.grpc.ServerMetadataRequest;
import io.dubboai.serving.oip.grpc.ServerMetadataResponse;
import io.dubboai.serving.oip.grpc.ServerReadyRequest;
import io.dubboai.serving.oip.grpc.ServerReadyResponse;
import io.dubboai.serving.tensor.Tensor;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import org.apache.dubbo.rpc.RpcContext;
import org.apache.dubbo.rpc.StatusRpcException;
import org.apache.dubbo.rpc.TriRpcStatus;
import org.jspecify.annotations.Nullable;

/**
 * The Open Inference Protocol v2 ({@code inference.GRPCInferenceService}) for one served model, as a Dubbo Triple
 * service. Errors are sent as gRPC statuses ({@link ErrorKind#grpcCode()}) whose description is the error message, so
 * a plain gRPC client and a Dubbo consumer read the same reason. Every answer to {@code ModelInfer} carries the
 * response attachments {@link ModelAttachments#SERVED_VERSION}, {@link ModelAttachments#LOAD_INFLIGHT} and
 * {@link ModelAttachments#LOAD_QUEUE}.
 */
public final class OipInferenceService extends DubboGRPCInferenceServiceTriple.GRPCInferenceServiceImplBase {

    /** Name returned by {@code ServerMetadata}. */
    public static final String SERVER_NAME = "dubbo-ai-serving";

    private final ServedModels models;
    private final String serverVersion;

    /**
     * @param engine the engine once loaded; null while the model is still loading (the service answers "not ready")
     * @param modelName the served model
     * @param modelVersion the served version
     * @param serverVersion the server's version for {@code ServerMetadata}
     */
    public OipInferenceService(
            Supplier<@Nullable ModelEngine> engine, String modelName, String modelVersion, String serverVersion) {
        this(ServedModels.single(engine, modelName, modelVersion), serverVersion);
    }

    /**
     * @param models what this service serves: one version, or a model host's versions
     * @param serverVersion the server's version for {@code ServerMetadata}
     */
    public OipInferenceService(ServedModels models, String serverVersion) {
        this.models = models;
        this.serverVersion = serverVersion;
    }

    @Override
    public ServerLiveResponse serverLive(ServerLiveRequest request) {
        return ServerLiveResponse.newBuilder().setLive(true).build();
    }

    @Override
    public ServerReadyResponse serverReady(ServerReadyRequest request) {
        return ServerReadyResponse.newBuilder().setReady(models.anyReady()).build();
    }

    @Override
    public ModelReadyResponse modelReady(ModelReadyRequest request) {
        boolean ready;
        try {
            ready = models.require(request.getName(), request.getVersion())
                    .engine()
                    .ready();
        } catch (ServingException e) {
            ready = false;
        }
        return ModelReadyResponse.newBuilder().setReady(ready).build();
    }

    @Override
    public ServerMetadataResponse serverMetadata(ServerMetadataRequest request) {
        return ServerMetadataResponse.newBuilder()
                .setName(SERVER_NAME)
                .setVersion(serverVersion)
                .build();
    }

    @Override
    public ModelMetadataResponse modelMetadata(ModelMetadataRequest request) {
        try {
            ServedModels.ServedModel served = models.require(request.getName(), request.getVersion());
            ModelEngine current = served.engine();
            ModelMetadataResponse.Builder builder = ModelMetadataResponse.newBuilder()
                    .setName(served.name())
                    .addVersions(served.version())
                    .setPlatform(current.platform());
            current.signature().inputs().forEach(spec -> builder.addInputs(metadata(spec)));
            current.signature().outputs().forEach(spec -> builder.addOutputs(metadata(spec)));
            return builder.build();
        } catch (ServingException e) {
            throw status(e);
        }
    }

    private static ModelMetadataResponse.TensorMetadata metadata(TensorSpec spec) {
        return ModelMetadataResponse.TensorMetadata.newBuilder()
                .setName(spec.name())
                .setDatatype(spec.datatype())
                .addAllShape(spec.shape())
                .build();
    }

    /** Runs one inference and waits for it: for callers in this JVM. The Triple handler uses {@link #modelInferAsync}. */
    @Override
    public ModelInferResponse modelInfer(ModelInferRequest request) {
        try {
            return modelInferAsync(request).join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof StatusRpcException status) {
                throw status;
            }
            throw e;
        }
    }

    /**
     * Runs one inference without holding the calling thread while the request waits in the model's queue: the Dubbo
     * server thread returns as soon as the request is queued, so a provider holds as many queued requests as the
     * model's {@code maxQueueSize} allows, whatever the size of Dubbo's thread pool.
     *
     * <p>The response attachments are set here, on the Dubbo server thread, before the unfinished future is returned.
     * Dubbo wraps that future in an {@code AsyncRpcResult} whose constructor copies this thread's server response
     * context ({@code RpcContext.clearAndStoreContext()}, Dubbo 3.3) and restores the copy on the thread that
     * completes the future, where {@code ContextFilter.onResponse} moves its attachments onto the response. Attachments
     * set later, on the completing thread, would be lost. The answer is built on the thread that completes the
     * model's future (a queue worker, or this thread when the request ran at once).
     */
    @Override
    public CompletableFuture<ModelInferResponse> modelInferAsync(ModelInferRequest request) {
        CompletableFuture<ModelInferResponse> answer = new CompletableFuture<>();
        try {
            ServedModels.ServedModel served = models.require(request.getModelName(), request.getModelVersion());
            ModelEngine current = served.engine();
            List<Tensor> inputs = OipTensors.inputs(served.name(), request);
            Set<String> outputs = new HashSet<>();
            request.getOutputsList().forEach(output -> outputs.add(output.getName()));
            CompletableFuture<Map<String, Tensor>> pending = current.infer(inputs, outputs);
            RpcContext.getServerResponseContext()
                    .setAttachment(ModelAttachments.SERVED_VERSION, served.version())
                    .setAttachment(ModelAttachments.LOAD_INFLIGHT, Integer.toString(current.inFlight()))
                    .setAttachment(ModelAttachments.LOAD_QUEUE, Integer.toString(current.queueDepth()));
            boolean raw = OipTensors.usesRawContents(request);
            pending.whenComplete((tensors, failure) -> {
                if (failure != null) {
                    answer.completeExceptionally(status(ModelEngine.unwrap(failure)));
                    return;
                }
                try {
                    answer.complete(response(served, request, tensors, raw));
                } catch (RuntimeException e) {
                    answer.completeExceptionally(status(ModelEngine.unwrap(e)));
                }
            });
        } catch (ServingException e) {
            answer.completeExceptionally(status(e));
        }
        return answer;
    }

    private static ModelInferResponse response(
            ServedModels.ServedModel served, ModelInferRequest request, Map<String, Tensor> tensors, boolean raw) {
        ModelInferResponse.Builder response = ModelInferResponse.newBuilder()
                .setModelName(served.name())
                .setModelVersion(served.version())
                .setId(request.getId());
        for (Tensor tensor : tensors.values()) {
            response.addOutputs(OipTensors.output(tensor, raw));
            if (raw) {
                response.addRawOutputContents(OipTensors.raw(tensor));
            }
        }
        return response.build();
    }

    /** The gRPC status for a serving error: its kind's code, its message as the description. */
    public static StatusRpcException status(ServingException e) {
        TriRpcStatus base =
                TriRpcStatus.fromCode(TriRpcStatus.Code.valueOf(e.kind().grpcCode()));
        return base.withDescription(e.getMessage()).asException();
    }
}
