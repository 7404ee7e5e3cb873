package io.dubboai.monitor.metrics;

import io.dubboai.serving.ErrorKind;
import io.dubboai.serving.ServingException;
import java.util.Locale;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.apache.dubbo.rpc.RpcException;
import org.apache.dubbo.rpc.StatusRpcException;
import org.jspecify.annotations.Nullable;

/**
 * How a model call ended: {@link #SUCCESS}, one of the serving {@link ErrorKind}s, or a failure of the RPC itself. The
 * lower-case name is the {@value ModelMetricNames#TAG_ERROR} tag.
 *
 * <p>Classification ({@link #of}): a {@link ServingException} gives its kind; a Triple {@link StatusRpcException} (how
 * the Open Inference Protocol service answers errors) gives the kind whose gRPC code it carries, except that a
 * consumer reads {@code DEADLINE_EXCEEDED} as {@link #TIMEOUT}, since its own deadline and the provider's queue timeout
 * send the same code; any other {@link RpcException} is classified by its Dubbo code; anything else the service threw
 * is {@link #APPLICATION}.
 */
public enum CallOutcome {
    SUCCESS,
    MODEL_NOT_FOUND,
    INVALID_INPUT,
    OVERLOADED,
    QUEUE_TIMEOUT,
    NOT_READY,
    ARTIFACT,
    RUNTIME,
    /** The call took longer than the caller's timeout. */
    TIMEOUT,
    /** The connection failed. */
    NETWORK,
    /** A limit filter (e.g. Dubbo's {@code executes}/{@code actives}) refused the call. */
    LIMIT_EXCEEDED,
    /** The provider refused the call (disabled, unauthorised). */
    FORBIDDEN,
    /** The request or the answer could not be (de)serialised. */
    SERIALIZATION,
    /** No provider was available. */
    NO_PROVIDER,
    /** Any other RPC failure. */
    RPC,
    /** The service threw an exception of its own (a typed service's business exception). */
    APPLICATION;

    private final String errorTag = name().equals("SUCCESS") ? ModelMetricNames.NONE : name().toLowerCase(Locale.ROOT);

    /** {@code success} or {@code error}: the {@value ModelMetricNames#TAG_OUTCOME} tag. */
    public String outcomeTag() {
        return this == SUCCESS ? "success" : "error";
    }

    /** {@code none} on success, else the lower-case name: the {@value ModelMetricNames#TAG_ERROR} tag. */
    public String errorTag() {
        return errorTag;
    }

    /** The outcome of a serving error kind. */
    public static CallOutcome of(ErrorKind kind) {
        return switch (kind) {
            case MODEL_NOT_FOUND -> MODEL_NOT_FOUND;
            case INVALID_INPUT -> INVALID_INPUT;
            case OVERLOADED -> OVERLOADED;
            case QUEUE_TIMEOUT -> QUEUE_TIMEOUT;
            case NOT_READY -> NOT_READY;
            case ARTIFACT -> ARTIFACT;
            case RUNTIME -> RUNTIME;
        };
    }

    /**
     * Classifies a call's failure; {@link #SUCCESS} for {@code null}.
     *
     * @param consumer whether the failure was seen by the consumer (changes how {@code DEADLINE_EXCEEDED} reads)
     */
    public static CallOutcome of(@Nullable Throwable failure, boolean consumer) {
        if (failure == null) {
            return SUCCESS;
        }
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof ServingException serving) {
            return of(serving.kind());
        }
        if (cause instanceof StatusRpcException status) {
            return ofGrpcCode(status.getStatus().code.name(), consumer);
        }
        if (cause instanceof RpcException rpc) {
            return ofRpc(rpc);
        }
        return APPLICATION;
    }

    private static CallOutcome ofGrpcCode(String code, boolean consumer) {
        if (consumer && code.equals(ErrorKind.QUEUE_TIMEOUT.grpcCode())) {
            return TIMEOUT;
        }
        for (ErrorKind kind : ErrorKind.values()) {
            if (kind.grpcCode().equals(code)) {
                return of(kind);
            }
        }
        return RPC;
    }

    private static CallOutcome ofRpc(RpcException rpc) {
        if (rpc.isTimeout()) {
            return TIMEOUT;
        }
        if (rpc.isNetwork()) {
            return NETWORK;
        }
        if (rpc.isLimitExceed()) {
            return LIMIT_EXCEEDED;
        }
        if (rpc.isForbidden() || rpc.isAuthorization()) {
            return FORBIDDEN;
        }
        if (rpc.isSerialization()) {
            return SERIALIZATION;
        }
        if (rpc.isNoInvokerAvailableAfterFilter()) {
            return NO_PROVIDER;
        }
        if (rpc.isBiz()) {
            return APPLICATION;
        }
        return RPC;
    }
}
