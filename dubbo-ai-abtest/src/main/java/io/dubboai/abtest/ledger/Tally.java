package io.dubboai.abtest.ledger;

import java.util.List;
import java.util.NoSuchElementException;

/**
 * The per-variant sufficient statistics of an experiment, summed over the ledger's shards at one moment.
 *
 * @param variants in the experiment's order (the first is the control)
 * @param crossovers exposures of a unit to a variant other than its first
 */
public record Tally(List<VariantTally> variants, long crossovers) {

    public Tally {
        variants = List.copyOf(variants);
    }

    /** The tally of variant {@code name}. */
    public VariantTally variant(String name) {
        return variants.stream()
                .filter(v -> v.variant().equals(name))
                .findFirst()
                .orElseThrow(() -> new NoSuchElementException("no variant '" + name + "' in this tally"));
    }
}
