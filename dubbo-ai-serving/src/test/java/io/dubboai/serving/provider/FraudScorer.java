package io.dubboai.serving.provider;

import java.io.Serializable;

/** A user-typed service: the kind of interface teams write instead of tensors. */
public interface FraudScorer {

    /** Scores one transaction. */
    Score score(Transaction transaction);

    /** A transaction's features. */
    record Transaction(float amount, float hourOfDay, float merchantRisk, float distance) implements Serializable {
        float[] features() {
            return new float[] {amount, hourOfDay, merchantRisk, distance};
        }
    }

    /** The fraud probability. */
    record Score(float probability) implements Serializable {}
}
