package io.dubboai.monitor.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.dubboai.core.contract.ModelProviderParams;
import io.dubboai.serving.ErrorKind;
import io.dubboai.serving.ServingException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.dubbo.config.ApplicationConfig;
import org.apache.dubbo.config.ProtocolConfig;
import org.apache.dubbo.config.ReferenceConfig;
import org.apache.dubbo.config.RegistryConfig;
import org.apache.dubbo.config.ServiceConfig;
import org.apache.dubbo.config.bootstrap.DubboBootstrap;
import org.apache.dubbo.rpc.RpcException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A real Dubbo provider and consumer on loopback: the provider exports a typed model service with the model
 * parameters and a plain service without them; the consumer refers to both by the provider's exported URL (so it sees
 * the provider's parameters as a registry would pass them). Each side records into its own registry.
 */
class ModelCallMetricsTest {

    private static final SimpleMeterRegistry providerRegistry = new SimpleMeterRegistry();
    private static final SimpleMeterRegistry consumerRegistry = new SimpleMeterRegistry();
    private static final CountDownLatch release = new CountDownLatch(1);
    private static final CountDownLatch blocked = new CountDownLatch(1);

    private static DubboBootstrap provider;
    private static DubboBootstrap consumer;
    private static ScoringService model;
    private static ScoringService plain;

    @BeforeAll
    static void start() {
        ServiceConfig<ScoringService> modelService = service(
                "fraud-scoring",
                Map.of(
                        ModelProviderParams.MODEL, "fraud",
                        ModelProviderParams.MODEL_VERSION, "3",
                        ModelProviderParams.ACCELERATOR, "gpu",
                        ModelProviderParams.GPU_TYPE, "NVIDIA L4"));
        ServiceConfig<ScoringService> plainService = service("plain-scoring", Map.of());
        ApplicationConfig providerApp = new ApplicationConfig("metrics-provider");
        providerApp.setQosEnable(false);
        provider = DubboBootstrap.newInstance();
        provider.getApplicationModel().getBeanFactory().registerBean(new ModelMeters(providerRegistry));
        provider.application(providerApp)
                .registry(new RegistryConfig("N/A"))
                .protocol(new ProtocolConfig("dubbo", freePort()))
                .service(modelService)
                .service(plainService)
                .start();

        ApplicationConfig consumerApp = new ApplicationConfig("metrics-consumer");
        consumerApp.setQosEnable(false);
        ReferenceConfig<ScoringService> modelReference = reference(modelService);
        ReferenceConfig<ScoringService> plainReference = reference(plainService);
        consumer = DubboBootstrap.newInstance();
        consumer.getApplicationModel().getBeanFactory().registerBean(new ModelMeters(consumerRegistry));
        consumer.application(consumerApp)
                .registry(new RegistryConfig("N/A"))
                .reference(modelReference)
                .reference(plainReference)
                .start();
        model = modelReference.get();
        plain = plainReference.get();
    }

    private static ServiceConfig<ScoringService> service(String group, Map<String, String> parameters) {
        ServiceConfig<ScoringService> service = new ServiceConfig<>();
        service.setInterface(ScoringService.class);
        service.setGroup(group);
        service.setParameters(parameters);
        service.setRef(mode -> switch (mode) {
            case "invalid" -> throw new ServingException(ErrorKind.INVALID_INPUT, "fraud", "bad input");
            case "overloaded" -> throw new ServingException(ErrorKind.OVERLOADED, "fraud", "queue full");
            case "block" -> {
                blocked.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                yield 0.5;
            }
            default -> 0.25;
        });
        return service;
    }

    private static ReferenceConfig<ScoringService> reference(ServiceConfig<ScoringService> service) {
        ReferenceConfig<ScoringService> reference = new ReferenceConfig<>();
        reference.setInterface(ScoringService.class);
        reference.setGroup(service.getGroup());
        // the provider's URL as a registry would hand it over: with the model parameters
        reference.setUrl(service.getExportedUrls().get(0).toFullString());
        reference.setScope("remote");
        reference.setRetries(0);
        reference.setTimeout(5000);
        return reference;
    }

    @AfterAll
    static void stop() {
        release.countDown();
        if (consumer != null) {
            consumer.stop();
        }
        if (provider != null) {
            provider.stop();
        }
    }

    @Test
    void callsAreCountedOnBothSidesByOutcomeAndErrorKindWithTheProvidersTags() {
        for (int i = 0; i < 3; i++) {
            assertThat(model.score("ok")).isEqualTo(0.25);
        }
        assertThatThrownBy(() -> model.score("invalid")).hasMessageContaining("bad input");
        assertThatThrownBy(() -> model.score("overloaded")).hasMessageContaining("queue full");
        assertThatThrownBy(() -> model.score("overloaded")).hasMessageContaining("queue full");
        assertThat(plain.score("ok")).isEqualTo(0.25);

        for (SimpleMeterRegistry registry : new SimpleMeterRegistry[] {providerRegistry, consumerRegistry}) {
            String requests =
                    registry == providerRegistry ? ModelMetricNames.REQUESTS : ModelMetricNames.CLIENT_REQUESTS;
            String latency = registry == providerRegistry ? ModelMetricNames.LATENCY : ModelMetricNames.CLIENT_LATENCY;
            assertThat(count(registry, requests, "success", "none")).isEqualTo(3);
            assertThat(count(registry, requests, "error", "invalid_input")).isEqualTo(1);
            assertThat(count(registry, requests, "error", "overloaded")).isEqualTo(2);
            Timer success = registry.get(latency)
                    .tag(ModelMetricNames.TAG_OUTCOME, "success")
                    .timer();
            assertThat(success.count()).isEqualTo(3);
            assertThat(success.getId().getTag(ModelMetricNames.TAG_MODEL)).isEqualTo("fraud");
            assertThat(success.getId().getTag(ModelMetricNames.TAG_VERSION)).isEqualTo("3");
            assertThat(success.getId().getTag(ModelMetricNames.TAG_ACCELERATOR)).isEqualTo("gpu");
            assertThat(success.getId().getTag(ModelMetricNames.TAG_GPU_TYPE)).isEqualTo("NVIDIA L4");
            assertThat(registry.get(latency)
                            .tag(ModelMetricNames.TAG_OUTCOME, "error")
                            .timer()
                            .count())
                    .isEqualTo(3);
            // the plain service (no model parameter) recorded nothing: every series is the one model's
            assertThat(registry.getMeters()).map(Meter::getId).allSatisfy(id -> assertThat(
                            id.getTag(ModelMetricNames.TAG_MODEL))
                    .isEqualTo("fraud"));
        }
    }

    @Test
    void aConsumerTimeoutIsATimeoutForTheConsumerAndInFlightIsCountedMeanwhile() throws InterruptedException {
        ReferenceConfig<ScoringService> quick =
                new ReferenceConfig<>(consumer.getApplicationModel().getDefaultModule());
        quick.setInterface(ScoringService.class);
        quick.setGroup("fraud-scoring");
        quick.setUrl(modelUrl());
        quick.setScope("remote");
        quick.setRetries(0);
        quick.setTimeout(300);
        ScoringService impatient = quick.get();
        try {
            assertThatThrownBy(() -> impatient.score("block"))
                    .isInstanceOfSatisfying(
                            RpcException.class, e -> assertThat(e.isTimeout()).isTrue());
            // the provider still serves the blocked call: one in flight there, none left on the consumer
            assertThat(blocked.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(gauge(providerRegistry, ModelMetricNames.IN_FLIGHT)).isEqualTo(1.0);
            assertThat(gauge(consumerRegistry, ModelMetricNames.CLIENT_IN_FLIGHT))
                    .isEqualTo(0.0);
            assertThat(count(consumerRegistry, ModelMetricNames.CLIENT_REQUESTS, "error", "timeout"))
                    .isEqualTo(1);
            release.countDown();
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> gauge(providerRegistry, ModelMetricNames.IN_FLIGHT) == 0.0);
        } finally {
            release.countDown();
            quick.destroy();
        }
    }

    private static String modelUrl() {
        return consumer.getApplicationModel().getDefaultModule().getConfigManager().getReferences().stream()
                .filter(r -> "fraud-scoring".equals(r.getGroup()))
                .findFirst()
                .orElseThrow()
                .getUrl();
    }

    private static double count(SimpleMeterRegistry registry, String name, String outcome, String error) {
        Counter counter = registry.find(name)
                .tag(ModelMetricNames.TAG_OUTCOME, outcome)
                .tag(ModelMetricNames.TAG_ERROR, error)
                .counter();
        return counter == null ? 0 : counter.count();
    }

    private static double gauge(SimpleMeterRegistry registry, String name) {
        Gauge gauge = registry.get(name).gauge();
        return gauge.value();
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress("127.0.0.1", 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
