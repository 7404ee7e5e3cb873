package io.dubboai.abtest.bandit;

/** What an arm's reward is. */
public enum RewardKind {
    /** 0 or 1 per unit (converted or not): Beta-Bernoulli Thompson sampling. */
    CONVERSION,
    /** Any finite number per unit (revenue, latency, a score): Gaussian Thompson sampling. */
    NUMERIC
}
