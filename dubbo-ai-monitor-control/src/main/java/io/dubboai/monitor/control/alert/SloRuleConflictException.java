package io.dubboai.monitor.control.alert;

/** A rule cannot be added: one with its id exists, or the store holds as many as allowed. */
public final class SloRuleConflictException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @param message what conflicts and what to do */
    public SloRuleConflictException(String message) {
        super(message, null, false, false);
    }
}
