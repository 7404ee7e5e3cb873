package io.dubboai.monitor.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import org.apache.dubbo.common.utils.ClassUtils;
import org.apache.dubbo.metrics.MetricsGlobalRegistry;
import org.apache.dubbo.rpc.model.ApplicationModel;

/**
 * The Micrometer registry Dubbo's own metrics write to, found the way Dubbo 3.3 finds it
 * ({@code MetricsGlobalRegistry.getCompositeRegistry(application)}): {@link Metrics#globalRegistry} when the
 * application sets {@code dubbo.metrics.use-global-registry=true}, otherwise Dubbo's own composite registry, into
 * which Dubbo's {@code PrometheusMetricsReporter} adds the Prometheus registry that the QoS port's {@code /metrics}
 * serves. Meters registered here therefore appear on {@code /metrics} with Dubbo's. Without Dubbo's metrics module on
 * the class path, {@link Metrics#globalRegistry}.
 *
 * <p>Dubbo's composite registry is one per JVM (a static field), shared by every application in it: two providers in
 * one JVM each serve both providers' meters on their {@code /metrics}. One provider per JVM is the production shape.
 */
public final class DubboMeterRegistry {

    private static final boolean DUBBO_METRICS_PRESENT = ClassUtils.isPresent(
            "org.apache.dubbo.metrics.MetricsGlobalRegistry", DubboMeterRegistry.class.getClassLoader());

    private DubboMeterRegistry() {}

    /** The registry for meters of {@code application}. */
    public static MeterRegistry of(ApplicationModel application) {
        return DUBBO_METRICS_PRESENT ? MetricsGlobalRegistry.getCompositeRegistry(application) : Metrics.globalRegistry;
    }
}
