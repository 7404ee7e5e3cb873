package io.dubboai.abtest.analysis;

import org.jspecify.annotations.Nullable;

/**
 * One variant's exposures.
 *
 * @param name the variant
 * @param version the model version it serves, null before the experiment started
 * @param allocation its share of units in percent, as planned
 * @param units units exposed and tracked
 * @param untracked units exposed that the ledger had no room for (counted for the sample-ratio check)
 * @param share its measured share of all exposed units, 0..1
 */
public record VariantResult(
        String name, @Nullable String version, int allocation, long units, long untracked, double share) {}
