package io.dubboai.abtest.ledger;

/**
 * An exposure or outcome of a batch that was not recorded.
 *
 * @param index its position in the batch, from 0
 * @param unit its unit
 * @param reason a stable code: {@code unknown-unit}, {@code unknown-metric}, {@code unknown-variant}, {@code
 *     invalid-value}, {@code invalid-unit}
 * @param message what is wrong and what to do
 */
public record Rejection(int index, String unit, String reason, String message) {}
