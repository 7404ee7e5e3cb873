package io.dubboai.abtest.ledger;

import java.util.List;

/**
 * What became of a batch of outcomes.
 *
 * @param accepted outcomes counted
 * @param duplicates outcomes already counted (a second conversion of a unit, a numeric outcome whose event id was
 *     seen): ignored, not an error, so a client may resend a batch it is unsure about
 * @param rejected outcomes refused, with why (unknown unit, unknown metric, a value that is not a number)
 */
public record OutcomeReceipt(long accepted, long duplicates, List<Rejection> rejected) {

    public OutcomeReceipt {
        rejected = List.copyOf(rejected);
    }
}
