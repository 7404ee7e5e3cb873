package io.dubboai.monitor.metrics;

import io.dubboai.monitor.sketch.FeatureSink;
import io.dubboai.monitor.sketch.OipFeatureExtractor;
import org.jspecify.annotations.Nullable;

/** The test's extractor of {@link PricingService} (listed in META-INF/dubbo): area, city and the price it answered. */
public class PricingFeatures implements TypedFeatureExtractor {

    @Override
    public boolean supports(Class<?> service, String method) {
        return service == PricingService.class && method.equals("price");
    }

    @Override
    public void extract(String method, Object[] arguments, @Nullable Object answer, FeatureSink sink) {
        sink.value("area", (Double) arguments[0]);
        sink.category("city", (String) arguments[1]);
        if (answer instanceof Double price) {
            sink.value(OipFeatureExtractor.OUTPUT_PREFIX + "price", price);
        }
    }
}
