package io.dubboai.deployment.rollout;

/** Where a rollout stands. */
public enum RolloutPhase {
    /** The candidate is being brought up; no traffic yet. */
    PENDING,
    /** Traffic moves step by step (or has switched and the gates are watching). */
    PROGRESSING,
    /** Traffic is going back to the baseline (failed gate, abort or rollback). */
    ROLLING_BACK,
    /** The candidate takes all traffic. */
    SUCCEEDED,
    /** Back on the baseline after a failed gate or a rollback. */
    ROLLED_BACK,
    /** Back on the baseline because an operator aborted. */
    ABORTED;

    /** Whether nothing more happens (except the delayed removal of a blue-green baseline). */
    public boolean isFinal() {
        return this == SUCCEEDED || this == ROLLED_BACK || this == ABORTED;
    }
}
