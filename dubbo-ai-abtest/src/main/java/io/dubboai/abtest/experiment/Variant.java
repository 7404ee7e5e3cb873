package io.dubboai.abtest.experiment;

/**
 * One arm of an experiment.
 *
 * @param name the variant's name in results, e.g. {@code control} or {@code treatment}
 * @param target the model version it serves, or an alias of the model's route rule (resolved to its version when
 *     the experiment starts)
 * @param allocation share of the experiment's units in percent, 0..100; the variants' allocations sum to 100
 */
public record Variant(String name, String target, int allocation) {}
