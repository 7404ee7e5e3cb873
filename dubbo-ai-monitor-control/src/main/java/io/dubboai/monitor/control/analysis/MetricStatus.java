package io.dubboai.monitor.control.analysis;

/** The outcome of one metric's comparison. */
public enum MetricStatus {
    /** Within every threshold. */
    PASS,
    /** A threshold was crossed. */
    FAIL,
    /** Both values are known; no threshold was given. */
    REPORTED,
    /** A version had no calls (or no samples) in the window: nothing to judge. */
    NO_DATA,
    /** The backend could not compute it (Prometheus down, a bad query); {@link MetricResult#message()} says why. */
    ERROR
}
