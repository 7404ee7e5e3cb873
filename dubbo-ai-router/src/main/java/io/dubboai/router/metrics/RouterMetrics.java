package io.dubboai.router.metrics;

import io.dubboai.router.ModelRuleManager;
import io.dubboai.router.ShadowMirror;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.function.ToDoubleFunction;
import org.apache.dubbo.rpc.model.ApplicationModel;

/**
 * Publishes the router's counters to a Micrometer registry. Nothing is wrapped; the counter reads the rule managers
 * when scraped, and holds what it reads weakly (Micrometer's function counters do), so it never keeps a stopped
 * application alive.
 *
 * <p>Every Dubbo application is bound to {@link Metrics#globalRegistry} automatically when Micrometer is on the class
 * path ({@link #bindToGlobalRegistry}, called by the router's deploy listener). Binding one module's manager to a
 * registry of one's own:
 *
 * <pre>{@code
 * new RouterMetrics(ruleManager, "my-consumer").bindTo(registry);
 * }</pre>
 */
public final class RouterMetrics implements MeterBinder {

    private final Source<?> rejectedRules;
    private final String application;

    /**
     * The counters of one module.
     *
     * @param rules the module's rule manager (its bean in the module's bean factory)
     * @param application the Dubbo application name, used as the {@value RouterMetricNames#TAG_APPLICATION} tag
     */
    public RouterMetrics(ModelRuleManager rules, String application) {
        this(new Source<>(rules, ModelRuleManager::rejectedRules), application);
    }

    private RouterMetrics(Source<?> rejectedRules, String application) {
        this.rejectedRules = rejectedRules;
        this.application = application;
    }

    /** The counters of every module of {@code application}, tagged with its name. */
    public static RouterMetrics of(ApplicationModel application) {
        String name = application.tryGetApplicationName();
        return new RouterMetrics(
                new Source<>(application, ModelRuleManager::totalRejectedRules),
                name == null ? application.getDesc() : name);
    }

    /**
     * Binds {@link #of(ApplicationModel) the application's counters}, and the {@link ShadowMetrics} of its
     * {@link ShadowMirror}, to Micrometer's global registry, which Spring
     * Boot feeds its registries into by default ({@code management.metrics.use-global-registry}) and Dubbo's own
     * metrics read with {@code dubbo.metrics.use-global-registry=true}. Two applications of one name in one JVM share
     * one meter (one meter per name and tags): it reads the first one bound and goes when that one stops.
     *
     * @return removes the meter again; call it when the application stops
     */
    public static Runnable bindToGlobalRegistry(ApplicationModel application) {
        RouterMetrics metrics = of(application);
        FunctionCounter counter = metrics.register(Metrics.globalRegistry);
        ShadowMirror mirror = application.getBeanFactory().getBean(ShadowMirror.class);
        ShadowMetrics shadow = mirror == null ? null : new ShadowMetrics(mirror, metrics.application);
        if (shadow != null) {
            shadow.bindTo(Metrics.globalRegistry);
        }
        return () -> {
            Metrics.globalRegistry.remove(counter);
            if (shadow != null) {
                shadow.close();
            }
        };
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        register(registry);
    }

    private FunctionCounter register(MeterRegistry registry) {
        return rejectedRules.register(registry, application);
    }

    private record Source<T>(T source, ToDoubleFunction<T> rejected) {
        FunctionCounter register(MeterRegistry registry, String application) {
            return FunctionCounter.builder(RouterMetricNames.RULES_REJECTED, source, rejected)
                    .description("Route rule texts rejected by this consumer; the last good rule stayed in force")
                    .tag(RouterMetricNames.TAG_APPLICATION, application)
                    .register(registry);
        }
    }
}
