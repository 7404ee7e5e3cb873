package io.dubboai.abtest.ledger;

import org.jspecify.annotations.Nullable;

/**
 * Something a unit did that a metric counts.
 *
 * @param unit the value of the experiment's unit attachment (a user id)
 * @param metric the metric's name (the experiment's primary metric or a guardrail)
 * @param value the number for a numeric metric; ignored for a conversion (a conversion is a conversion)
 * @param eventId identifies the outcome so that a resent one is recognised as a duplicate (numeric metrics); a
 *     conversion is counted once per unit whatever its id
 */
public record Outcome(
        String unit, String metric, double value, @Nullable String eventId) {}
