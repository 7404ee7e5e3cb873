package io.dubboai.monitor.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dubboai.core.contract.ModelProviderParams;
import io.dubboai.monitor.sketch.FeatureKind;
import io.dubboai.monitor.sketch.SketchSet;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import org.apache.dubbo.config.ApplicationConfig;
import org.apache.dubbo.config.ProtocolConfig;
import org.apache.dubbo.config.ReferenceConfig;
import org.apache.dubbo.config.RegistryConfig;
import org.apache.dubbo.config.ServiceConfig;
import org.apache.dubbo.config.bootstrap.DubboBootstrap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A typed model service on a real Dubbo provider, its features named by a {@code TypedFeatureExtractor} extension
 * (test resources' META-INF/dubbo): arguments and answer sketched, every call sampled.
 */
class TypedFeatureExtractorTest {

    private DubboBootstrap provider;
    private DubboBootstrap consumer;

    @AfterEach
    void stop() {
        System.clearProperty(InputSketches.SAMPLE_RATE);
        if (consumer != null) {
            consumer.stop();
        }
        if (provider != null) {
            provider.stop();
        }
    }

    @Test
    void theExtensionNamesTheFeaturesOfTheTypedServiceAndItsOutput() throws Exception {
        System.setProperty(InputSketches.SAMPLE_RATE, "1");
        ServiceConfig<PricingService> service = new ServiceConfig<>();
        service.setInterface(PricingService.class);
        service.setParameters(Map.of(ModelProviderParams.MODEL, "pricing", ModelProviderParams.MODEL_VERSION, "4"));
        service.setRef((area, city) -> area * (city.equals("paris") ? 10 : 3));
        ApplicationConfig providerApp = new ApplicationConfig("typed-provider");
        providerApp.setQosEnable(false);
        provider = DubboBootstrap.newInstance();
        provider.getApplicationModel().getBeanFactory().registerBean(new ModelMeters(new SimpleMeterRegistry()));
        provider.application(providerApp)
                .registry(new RegistryConfig("N/A"))
                .protocol(new ProtocolConfig("dubbo", freePort()))
                .service(service)
                .start();

        ReferenceConfig<PricingService> reference = new ReferenceConfig<>();
        reference.setInterface(PricingService.class);
        reference.setUrl(service.getExportedUrls().get(0).toFullString());
        reference.setScope("remote");
        reference.setTimeout(5000);
        ApplicationConfig consumerApp = new ApplicationConfig("typed-consumer");
        consumerApp.setQosEnable(false);
        consumer = DubboBootstrap.newInstance();
        consumer.application(consumerApp)
                .registry(new RegistryConfig("N/A"))
                .reference(reference)
                .start();
        PricingService pricing = reference.get();
        for (int i = 1; i <= 20; i++) {
            assertThat(pricing.price(i, i % 2 == 0 ? "paris" : "lyon")).isPositive();
        }

        InputSketches sketches = InputSketches.of(provider.getApplicationModel());
        await().atMost(Duration.ofSeconds(30)).until(() -> sketches.sketches("pricing", "4")
                .map(windows -> windows.merged().features().containsKey("output:price")
                        && windows.merged().features().get("output:price").count() == 20)
                .orElse(false));
        SketchSet merged = sketches.sketches("pricing", "4").orElseThrow().merged();
        assertThat(merged.featureNames()).containsExactlyInAnyOrder("area", "city", "output:price");
        assertThat(merged.features().get("city").kind()).isEqualTo(FeatureKind.CATEGORICAL);
        assertThat(merged.features().get("area").count()).isEqualTo(20);
        assertThat(merged.features().get("output:price").numbers().getMaxItem()).isEqualTo(200.0);
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
