package io.dubboai.abtest.bandit;

/** How a bandit turns rewards into target shares. */
public enum Algorithm {
    /** Probability matching: each arm's share is the posterior probability that it is the best ({@link ThompsonSampling}). */
    THOMPSON_SAMPLING,
    /** The empirically best arm gets {@code 1 - epsilon}, every arm {@code epsilon / k} ({@link EpsilonGreedy}). */
    EPSILON_GREEDY
}
