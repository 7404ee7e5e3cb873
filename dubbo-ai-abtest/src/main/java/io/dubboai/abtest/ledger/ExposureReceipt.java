package io.dubboai.abtest.ledger;

import java.util.List;

/**
 * What became of a batch of exposures.
 *
 * @param newUnits units seen for the first time
 * @param repeated exposures of known units to their own variant (nothing to record)
 * @param crossovers exposures of known units to another variant (counted in the shard, the unit keeps its first)
 * @param untracked new units that did not fit into the ledger (counted per variant, outcomes refused)
 * @param rejected exposures refused, with why
 */
public record ExposureReceipt(long newUnits, long repeated, long crossovers, long untracked, List<Rejection> rejected) {

    public ExposureReceipt {
        rejected = List.copyOf(rejected);
    }
}
