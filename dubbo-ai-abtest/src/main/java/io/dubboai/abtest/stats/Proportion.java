package io.dubboai.abtest.stats;

/**
 * Conversions of one arm: {@code successes} of {@code trials} units.
 *
 * @param successes units that converted, 0..trials
 * @param trials units exposed, at least 1
 */
public record Proportion(long successes, long trials) {

    public Proportion {
        if (trials < 1) {
            throw new IllegalArgumentException("trials must be at least 1, was " + trials);
        }
        if (successes < 0 || successes > trials) {
            throw new IllegalArgumentException(
                    "successes must be between 0 and trials (" + trials + "), was " + successes);
        }
    }

    /** {@code successes / trials}. */
    public double rate() {
        return (double) successes / trials;
    }
}
