package io.dubboai.monitor.sketch;

/**
 * Turns a request into feature values. Runs on the sketching thread, never on the call's, so it may decode.
 *
 * @param <T> the request type
 */
@FunctionalInterface
public interface FeatureExtractor<T> {

    /** Passes every feature value of {@code request} to {@code sink}. */
    void extract(T request, FeatureSink sink);
}
