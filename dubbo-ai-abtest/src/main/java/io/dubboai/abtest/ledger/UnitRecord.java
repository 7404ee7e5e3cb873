package io.dubboai.abtest.ledger;

import java.util.List;
import java.util.Map;

/**
 * What the ledger knows of one unit (a user): the variant it was first exposed to, when, and its outcomes.
 *
 * @param variant the variant of its first exposure; later exposures to another variant are counted as crossovers and
 *     do not change it
 * @param exposedAt first exposure, epoch seconds
 * @param values per metric: 1 for a conversion, the sum of its numeric outcomes otherwise
 * @param events ids of its numeric outcomes already counted (duplicates are recognised by them), at most {@value
 *     UnitLedger#MAX_EVENT_IDS_PER_UNIT}, oldest dropped first
 */
public record UnitRecord(String variant, long exposedAt, Map<String, Double> values, List<String> events) {

    public UnitRecord {
        values = Map.copyOf(values);
        events = List.copyOf(events);
    }
}
