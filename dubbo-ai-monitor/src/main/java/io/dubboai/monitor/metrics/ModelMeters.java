package io.dubboai.monitor.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.dubbo.rpc.model.ApplicationModel;

/**
 * The model meters of one Dubbo application: its registry and the {@link CallMetrics} of each side. One per
 * application, kept in its bean factory: {@link #of} creates it on first use with {@link DubboMeterRegistry}; to record
 * into another registry (tests, an application's own), register one before the application exports or refers
 * anything:
 *
 * <pre>{@code
 * application.getBeanFactory().registerBean(new ModelMeters(registry));
 * }</pre>
 */
public final class ModelMeters {

    private final MeterRegistry registry;
    private final CallMetrics provider;
    private final CallMetrics consumer;

    /** Meters recorded into {@code registry}. */
    public ModelMeters(MeterRegistry registry) {
        this.registry = registry;
        this.provider = new CallMetrics(registry, ServiceMeters.Side.PROVIDER);
        this.consumer = new CallMetrics(registry, ServiceMeters.Side.CONSUMER);
    }

    /** The application's meters, created on first use in the registry Dubbo's metrics use. */
    public static ModelMeters of(ApplicationModel application) {
        return application
                .getBeanFactory()
                .getOrRegisterBean(ModelMeters.class, type -> new ModelMeters(DubboMeterRegistry.of(application)));
    }

    /** The registry the meters go to. */
    public MeterRegistry registry() {
        return registry;
    }

    /** Calls served by this application's model providers. */
    public CallMetrics provider() {
        return provider;
    }

    /** Calls this application made to model providers. */
    public CallMetrics consumer() {
        return consumer;
    }
}
