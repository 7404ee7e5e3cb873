package io.dubboai.serving.registry;

/** The model registry could not tell what to serve; the message says what failed and what to do. */
public final class RegistryLookupException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @param message what failed and what to do */
    public RegistryLookupException(String message) {
        super(message);
    }
}
