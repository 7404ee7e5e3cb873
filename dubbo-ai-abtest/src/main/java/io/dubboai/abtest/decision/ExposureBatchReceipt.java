package io.dubboai.abtest.decision;

import java.util.Map;

/**
 * What became of a batch of exposures from a consumer.
 *
 * @param recorded exposures recorded, by experiment
 * @param newUnits units seen for the first time, all experiments together
 * @param ignored exposures not recorded, by reason: {@code no-experiment} (the model runs none), {@code
 *     other-attachment} (the call's unit attachment is not the experiment's), {@code other-version} (a version that is
 *     no variant, e.g. a pinned call), {@code rejected} (an invalid unit)
 */
public record ExposureBatchReceipt(Map<String, Long> recorded, long newUnits, Map<String, Long> ignored) {

    public ExposureBatchReceipt {
        recorded = Map.copyOf(recorded);
        ignored = Map.copyOf(ignored);
    }
}
