package io.dubboai.core.rule;

import io.dubboai.core.model.ModelNames;

/**
 * One entry of a rule's weighted version split.
 *
 * @param version model version, see {@link ModelNames#checkVersion}
 * @param weight share of calls in percent, 0..100; 0 keeps a version addressable by alias or pin without
 *     sending it weighted traffic
 */
public record TrafficSplit(String version, int weight) {

    /** Largest weight; the weights of one rule sum to exactly this. */
    public static final int TOTAL_WEIGHT = 100;

    public TrafficSplit {
        ModelNames.requireVersion(version);
        if (weight < 0) {
            throw new IllegalArgumentException(weight + " is negative; weights are 0.." + TOTAL_WEIGHT);
        }
        if (weight > TOTAL_WEIGHT) {
            throw new IllegalArgumentException(
                    weight + " is above " + TOTAL_WEIGHT + "; weights are 0.." + TOTAL_WEIGHT);
        }
    }
}
