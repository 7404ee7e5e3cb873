package io.dubboai.serving;

/**
 * A failed call to a served model, or a model that could not be loaded. The message says what was wrong, with which
 * value, and how to fix it; {@link #kind()} classifies it and {@link #model()} names the model.
 */
public final class ServingException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final ErrorKind kind;
    private final String model;

    /** Creates an exception of {@code kind} about {@code model}. */
    public ServingException(ErrorKind kind, String model, String message) {
        super(message);
        this.kind = kind;
        this.model = model;
    }

    /** Creates an exception of {@code kind} about {@code model} caused by {@code cause}. */
    public ServingException(ErrorKind kind, String model, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.model = model;
    }

    /** The classification of the error. */
    public ErrorKind kind() {
        return kind;
    }

    /** The model the error is about; empty when the request named none. */
    public String model() {
        return model;
    }
}
