package io.dubboai.serving;

/**
 * What went wrong with a call to a served model. Each kind maps to one gRPC status code, so that a plain gRPC client
 * of the Open Inference Protocol and a Dubbo consumer see the same classification.
 */
public enum ErrorKind {
    /** No model of that name (or version) is served here. gRPC {@code NOT_FOUND}. */
    MODEL_NOT_FOUND("NOT_FOUND"),
    /** The request does not match the model's signature (name, data type, shape, size). gRPC {@code INVALID_ARGUMENT}. */
    INVALID_INPUT("INVALID_ARGUMENT"),
    /** The batching queue is full; retry later or add providers. gRPC {@code RESOURCE_EXHAUSTED}. */
    OVERLOADED("RESOURCE_EXHAUSTED"),
    /** The request waited in the batching queue longer than the queue timeout. gRPC {@code DEADLINE_EXCEEDED}. */
    QUEUE_TIMEOUT("DEADLINE_EXCEEDED"),
    /** The model is not loaded yet, or the provider is draining. gRPC {@code UNAVAILABLE}. */
    NOT_READY("UNAVAILABLE"),
    /** The model artifact could not be fetched, verified or loaded. gRPC {@code FAILED_PRECONDITION}. */
    ARTIFACT("FAILED_PRECONDITION"),
    /** The runtime failed while running the model. gRPC {@code INTERNAL}. */
    RUNTIME("INTERNAL");

    private final String grpcCode;

    ErrorKind(String grpcCode) {
        this.grpcCode = grpcCode;
    }

    /** Name of the gRPC status code this kind is sent as, e.g. {@code INVALID_ARGUMENT}. */
    public String grpcCode() {
        return grpcCode;
    }
}
