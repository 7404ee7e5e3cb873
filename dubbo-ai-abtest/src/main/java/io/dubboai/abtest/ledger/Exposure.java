package io.dubboai.abtest.ledger;

import java.time.Instant;

/**
 * A unit was served by a variant of an experiment.
 *
 * @param unit the value of the experiment's unit attachment (a user id)
 * @param variant the variant's name
 * @param at when (the consumer's clock)
 */
public record Exposure(String unit, String variant, Instant at) {}
