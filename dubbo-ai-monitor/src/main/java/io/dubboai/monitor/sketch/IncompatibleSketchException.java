package io.dubboai.monitor.sketch;

/**
 * Sketch bytes this version cannot read: another format version, another kind of data, truncated or corrupt. The
 * message says which and what to do.
 */
public final class IncompatibleSketchException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /** An exception with a message saying what is wrong. */
    public IncompatibleSketchException(String message) {
        super(message);
    }

    /** An exception with a message saying what is wrong, caused by {@code cause}. */
    public IncompatibleSketchException(String message, Throwable cause) {
        super(message, cause);
    }
}
