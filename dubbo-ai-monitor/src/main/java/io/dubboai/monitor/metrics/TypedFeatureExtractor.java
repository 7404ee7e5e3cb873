package io.dubboai.monitor.metrics;

import io.dubboai.monitor.sketch.FeatureSink;
import io.dubboai.monitor.sketch.OipFeatureExtractor;
import org.apache.dubbo.common.extension.SPI;
import org.jspecify.annotations.Nullable;

/**
 * Names the features of a typed model service (a Java interface exported with the model's provider parameters, not
 * the Open Inference Protocol), so its calls are sketched and their drift reported like {@code ModelInfer}'s.
 *
 * <p>A Dubbo extension: implement it, and list the class in
 * {@code META-INF/dubbo/io.dubboai.monitor.metrics.TypedFeatureExtractor} of the provider's jar ({@code
 * churn=com.example.ChurnFeatures}). Every extension is asked through {@link #supports} once per service method;
 * the first that says yes reads that method's sampled calls. Without one, typed calls are counted but not sketched.
 *
 * <p>{@link #extract} runs on the sketching thread, never on the call's, after a successful call. Name outputs with
 * the prefix {@link OipFeatureExtractor#OUTPUT_PREFIX} ({@code output:score}) to have them reported as outputs.
 */
@SPI
public interface TypedFeatureExtractor {

    /** Whether this extractor reads the calls of {@code method} of the typed service {@code service}. */
    boolean supports(Class<?> service, String method);

    /**
     * Passes the features of one served call to {@code sink}.
     *
     * @param method the method called
     * @param arguments its arguments
     * @param answer what it returned, or null (void, or not known)
     * @param sink where the values go
     */
    void extract(String method, Object[] arguments, @Nullable Object answer, FeatureSink sink);
}
