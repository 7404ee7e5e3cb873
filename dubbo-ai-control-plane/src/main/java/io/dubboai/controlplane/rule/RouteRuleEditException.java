package io.dubboai.controlplane.rule;

import org.jspecify.annotations.Nullable;

/** An edit of a route rule that did not happen; nothing was written. */
public final class RouteRuleEditException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    /** Why the edit did not happen. */
    public enum Reason {
        /** The {@link RouteRulePrecondition} did not hold: the rule is not the one the caller read (or expected). */
        PRECONDITION_FAILED,
        /** Other writers kept winning the compare-and-set; try again. */
        CONTENTION,
        /** The thread was interrupted while it waited to retry. */
        INTERRUPTED
    }

    private final Reason reason;
    private final String model;
    private final @Nullable String currentEtag;

    RouteRuleEditException(Reason reason, String model, @Nullable String currentEtag, String message) {
        super(message);
        this.reason = reason;
        this.model = model;
        this.currentEtag = currentEtag;
    }

    /** Why the edit did not happen. */
    public Reason reason() {
        return reason;
    }

    /** The model whose rule was to be edited. */
    public String model() {
        return model;
    }

    /** The tag of the rule stored at the last read, null when there was none. */
    public @Nullable String currentEtag() {
        return currentEtag;
    }
}
