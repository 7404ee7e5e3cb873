package io.dubboai.samples.provider;

/** A typed model service: the interface a consumer codes against; the provider maps it onto the model. */
public interface RiskScorer {

    /** Probability, 0..1, that the transaction described by {@code features} (4 values) is risky. */
    float score(float[] features);
}
