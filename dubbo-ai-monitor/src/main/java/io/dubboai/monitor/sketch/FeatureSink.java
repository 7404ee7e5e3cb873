package io.dubboai.monitor.sketch;

/** Receives the feature values of one request. */
public interface FeatureSink {

    /** One value of a feature; a feature configured as categorical turns it into text. */
    void value(String feature, double value);

    /** One category of a feature. */
    void category(String feature, String value);
}
