package io.dubboai.abtest.ledger;

import java.util.Map;

/**
 * One variant's exposures and metrics.
 *
 * @param variant its name
 * @param units units exposed and tracked in the ledger
 * @param untracked units exposed that did not fit into the ledger (counted for the sample-ratio check only)
 * @param metrics per metric name
 */
public record VariantTally(String variant, long units, long untracked, Map<String, MetricTally> metrics) {

    public VariantTally {
        metrics = Map.copyOf(metrics);
    }

    /** Every unit exposed to this variant, tracked or not. */
    public long exposed() {
        return units + untracked;
    }

    /** The tally of {@code metric}, empty when nothing was counted. */
    public MetricTally metric(String metric) {
        return metrics.getOrDefault(metric, MetricTally.EMPTY);
    }
}
