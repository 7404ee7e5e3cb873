package io.dubboai.controlplane.store;

/** A document store could not do what was asked (its backend is unreachable or refused); trying again may work. */
public final class DocumentStoreException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public DocumentStoreException(String message) {
        super(message);
    }

    public DocumentStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
