package io.dubboai.abtest.experiment;

/** What the experiment component concluded from an experiment's results. */
public enum DecisionKind {
    /** Not enough evidence yet (or a sample-ratio mismatch blocks any decision): keep collecting. */
    KEEP_RUNNING,
    /** A variant won on the primary metric without harming a guardrail: move the alias to it, stop. */
    PROMOTE,
    /** A treatment harms a guardrail: stop, the alias stays. */
    STOP_FOR_HARM,
    /** Every variant reached the largest size without a winner: stop, the alias stays. */
    STOP_INCONCLUSIVE;

    /** Whether this decision ends the experiment. */
    public boolean isFinal() {
        return this != KEEP_RUNNING;
    }
}
