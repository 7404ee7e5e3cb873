package io.dubboai.abtest.ledger;

import java.util.Map;
import java.util.TreeMap;

/**
 * One shard of an experiment's unit ledger (document {@code experiment.<id>.units.<shard>}).
 *
 * @param units the units whose hash falls into this shard, by unit value
 * @param crossovers exposures of a known unit to a variant other than its first (the assignment was not sticky:
 *     counted, not recorded)
 * @param untracked per variant, exposures of new units that did not fit into the shard any more (counted for the
 *     sample-ratio check, their outcomes are refused as unknown units)
 */
public record LedgerShard(Map<String, UnitRecord> units, long crossovers, Map<String, Long> untracked) {

    public LedgerShard {
        units = new TreeMap<>(units);
        untracked = new TreeMap<>(untracked);
    }

    static LedgerShard empty() {
        return new LedgerShard(Map.of(), 0, Map.of());
    }
}
