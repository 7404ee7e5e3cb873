package io.dubboai.server.web;

/** A resource named in the request does not exist (404). */
public final class NotFoundException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @param message what is missing and how to find what exists */
    public NotFoundException(String message) {
        super(message);
    }
}
