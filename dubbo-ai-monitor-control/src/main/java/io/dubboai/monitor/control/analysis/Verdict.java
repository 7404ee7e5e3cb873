package io.dubboai.monitor.control.analysis;

/** The outcome of a whole analysis. */
public enum Verdict {
    /** Every checked metric passed. */
    PASS,
    /** At least one metric failed its threshold. */
    FAIL,
    /**
     * No metric failed, but at least one could not be judged ({@link MetricStatus#NO_DATA} or
     * {@link MetricStatus#ERROR}): a gate should wait or stop, not promote.
     */
    INCONCLUSIVE
}
