package io.dubboai.abtest;

/** What a metric (or a bandit arm's reward) measures per unit. */
public enum MetricKind {
    /**
     * 0 or 1 per unit (converted or not): two-proportion tests; Beta-Bernoulli Thompson sampling for bandits.
     */
    CONVERSION,
    /** Any finite number per unit (revenue, latency, a score): Welch's test; Gaussian Thompson sampling for bandits. */
    NUMERIC
}
