package io.dubboai.monitor.control.drift;

/** A stored reference profile has no feature in common with the version's current inputs; the message lists both. */
public final class ReferenceMismatchException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @param message the features on each side and what to do */
    public ReferenceMismatchException(String message) {
        super(message, null, false, false);
    }
}
