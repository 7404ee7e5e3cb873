package io.dubboai.deployment.testing;

import io.dubboai.serving.TestModels;
import io.dubboai.serving.client.InferRequests;
import io.dubboai.serving.client.ModelRouting;
import io.dubboai.serving.oip.grpc.GRPCInferenceService;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.apache.dubbo.config.ApplicationConfig;
import org.apache.dubbo.config.ConfigCenterConfig;
import org.apache.dubbo.config.ReferenceConfig;
import org.apache.dubbo.config.RegistryConfig;
import org.apache.dubbo.config.bootstrap.DubboBootstrap;

/**
 * A Dubbo consumer with {@code dubbo-ai-router} calling one model without pins (the route rule's split decides), about
 * 100 calls per second on one thread, counting the calls each version served and the failed ones. Built for the
 * rollout end-to-end tests: every provider shares the test JVM, so the reference is {@code scope=remote}.
 */
public final class RoutedTraffic implements AutoCloseable {
    private final String model;
    private final DubboBootstrap bootstrap;
    private final GRPCInferenceService inference;
    private final Map<String, AtomicLong> servedBy = new ConcurrentHashMap<>();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong total = new AtomicLong();
    private final AtomicReference<Instant> lastFailure = new AtomicReference<>(Instant.EPOCH);
    private final AtomicReference<String> firstFailure = new AtomicReference<>();
    private final AtomicBoolean stop = new AtomicBoolean();
    private final Thread thread;

    /**
     * Starts the consumer (not the calls: {@link #start()}).
     *
     * @param registry the Dubbo registry and config center, e.g. {@code zookeeper://127.0.0.1:2181}
     * @param model the model called, with one input {@code x} of three features
     */
    public RoutedTraffic(String registry, String model) {
        this.model = model;
        ApplicationConfig application = new ApplicationConfig("rollout-e2e-consumer");
        application.setQosEnable(false);
        application.setRegisterMode("interface");
        ConfigCenterConfig configCenter = new ConfigCenterConfig();
        configCenter.setAddress(registry);
        bootstrap = DubboBootstrap.newInstance()
                .application(application)
                .registry(new RegistryConfig(registry))
                .configCenter(configCenter)
                .start();
        ReferenceConfig<GRPCInferenceService> reference = new ReferenceConfig<>();
        reference.setInterface(GRPCInferenceService.class);
        reference.setProtocol("tri");
        reference.setTimeout(10_000);
        reference.setRetries(0);
        reference.setCheck(false);
        // the providers share this JVM: without this Dubbo would call one of them in-JVM, past the router
        reference.setScope("remote");
        bootstrap.reference(reference);
        inference = reference.get();
        float[][] rows = TestModels.features(1, 3);
        thread = new Thread(
                () -> {
                    while (!stop.get()) {
                        total.incrementAndGet();
                        try {
                            inference.modelInfer(InferRequests.forModel(model)
                                    .input("x", rows)
                                    .build());
                            servedBy.computeIfAbsent(
                                            ModelRouting.servedVersion().orElse("?"), v -> new AtomicLong())
                                    .incrementAndGet();
                        } catch (RuntimeException e) {
                            if (stop.get()) {
                                return;
                            }
                            failed.incrementAndGet();
                            lastFailure.set(Instant.now());
                            firstFailure.compareAndSet(null, e.toString());
                        }
                        LockSupport.parkNanos(Duration.ofMillis(4).toNanos());
                    }
                },
                "rollout-e2e-traffic");
    }

    /** One call pinned to {@code version}: the version that served it, or the error. */
    public String pinned(String version) {
        try {
            ModelRouting.pinVersion(version);
            inference.modelInfer(InferRequests.forModel(model)
                    .input("x", TestModels.features(1, 3))
                    .build());
            return ModelRouting.servedVersion().orElse("?");
        } catch (RuntimeException e) {
            return e.toString();
        }
    }

    /** Starts calling. */
    public void start() {
        thread.start();
    }

    /** Calls {@code version} served. */
    public long served(String version) {
        AtomicLong count = servedBy.get(version);
        return count == null ? 0 : count.get();
    }

    /** Calls that failed. */
    public long failed() {
        return failed.get();
    }

    /** Calls made. */
    public long total() {
        return total.get();
    }

    /** When the last call failed; the epoch when none did. */
    public Instant lastFailure() {
        return lastFailure.get();
    }

    @Override
    public String toString() {
        return "served " + servedBy + ", failed " + failed + " (first: " + firstFailure.get() + ")";
    }

    @Override
    public void close() throws InterruptedException {
        stop.set(true);
        thread.join(15_000);
        bootstrap.destroy();
    }
}
