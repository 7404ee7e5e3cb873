package io.dubboai.serving.client;

import io.dubboai.core.contract.ModelAttachments;
import java.util.Optional;
import org.apache.dubbo.rpc.RpcContext;

/**
 * Sets the routing attachments of {@link ModelAttachments} for the next Dubbo call made by this thread, and reads what
 * the provider answered. Client attachments apply to one call: set them right before it.
 *
 * <pre>{@code
 * ModelRouting.pinVersion("3");
 * ModelInferResponse response = inference.modelInfer(request);
 * String served = ModelRouting.servedVersion().orElse("?");
 * }</pre>
 */
public final class ModelRouting {

    private ModelRouting() {}

    /** Pins the next call to one model version. */
    public static void pinVersion(String version) {
        RpcContext.getClientAttachment().setAttachment(ModelAttachments.VERSION, version);
    }

    /** Routes the next call to the version an alias points at. */
    public static void alias(String alias) {
        RpcContext.getClientAttachment().setAttachment(ModelAttachments.ALIAS, alias);
    }

    /** Sets the sticky routing value (user or session id) of the next call. */
    public static void stickyKey(String value) {
        RpcContext.getClientAttachment().setAttachment(ModelAttachments.STICKY_KEY, value);
    }

    /** Tags the next call with an experiment id. */
    public static void experiment(String experimentId) {
        RpcContext.getClientAttachment().setAttachment(ModelAttachments.EXPERIMENT, experimentId);
    }

    /** The version that served this thread's last call, from the response attachments. */
    public static Optional<String> servedVersion() {
        return responseAttachment(ModelAttachments.SERVED_VERSION);
    }

    /** The provider's in-flight count when it answered this thread's last call. */
    public static Optional<Integer> loadInFlight() {
        return responseAttachment(ModelAttachments.LOAD_INFLIGHT).map(Integer::valueOf);
    }

    /** The provider's batching queue depth when it answered this thread's last call. */
    public static Optional<Integer> loadQueue() {
        return responseAttachment(ModelAttachments.LOAD_QUEUE).map(Integer::valueOf);
    }

    private static Optional<String> responseAttachment(String key) {
        return Optional.ofNullable(RpcContext.getServerResponseContext().getAttachment(key))
                .or(() -> Optional.ofNullable(
                        RpcContext.getClientResponseContext().getAttachment(key)));
    }
}
