package io.dubboai.router.metrics;

import io.dubboai.router.ShadowCounts;
import io.dubboai.router.ShadowMirror;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.ToDoubleFunction;

/**
 * Publishes the shadow-traffic counters of one application's {@link ShadowMirror}:
 * {@value RouterMetricNames#SHADOW_MIRRORED}, {@value RouterMetricNames#SHADOW_DROPPED} and
 * {@value RouterMetricNames#SHADOW_FAILED}, tagged {@code application}, {@code model} and {@code version} (the shadow
 * version). A model and version gets its three counters when its first copy is offered. The counters read the
 * mirror's counts when scraped; {@link #close()} removes them from every registry bound.
 */
public final class ShadowMetrics implements MeterBinder, AutoCloseable {

    private final ShadowMirror mirror;
    private final String application;
    private final List<Binding> bindings = new CopyOnWriteArrayList<>();

    /**
     * @param mirror the application's mirror (its bean in the application's bean factory)
     * @param application the Dubbo application name, used as the {@value RouterMetricNames#TAG_APPLICATION} tag
     */
    public ShadowMetrics(ShadowMirror mirror, String application) {
        this.mirror = mirror;
        this.application = application;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Binding binding = new Binding(registry);
        bindings.add(binding);
        binding.stopListening = mirror.onCounts(binding::register);
    }

    /** Stops registering counters for new targets and removes the registered ones. Idempotent. */
    @Override
    public void close() {
        bindings.forEach(Binding::close);
        bindings.clear();
    }

    private final class Binding {
        private final MeterRegistry registry;
        private final List<Meter> meters = new CopyOnWriteArrayList<>();
        private volatile Runnable stopListening = () -> {};

        Binding(MeterRegistry registry) {
            this.registry = registry;
        }

        void register(ShadowCounts counts) {
            Tags tags = Tags.of(
                    RouterMetricNames.TAG_APPLICATION, application,
                    RouterMetricNames.TAG_MODEL, counts.model(),
                    RouterMetricNames.TAG_VERSION, counts.version());
            meters.add(counter(
                    RouterMetricNames.SHADOW_MIRRORED,
                    "Copies of calls mirrored to the route rule's shadow version",
                    tags,
                    counts,
                    ShadowCounts::mirrored));
            meters.add(counter(
                    RouterMetricNames.SHADOW_DROPPED,
                    "Shadow copies not sent: too many pending, or the application was stopping",
                    tags,
                    counts,
                    ShadowCounts::dropped));
            meters.add(counter(
                    RouterMetricNames.SHADOW_FAILED,
                    "Shadow copies that failed; their callers were not affected",
                    tags,
                    counts,
                    ShadowCounts::failed));
        }

        private FunctionCounter counter(
                String name, String description, Tags tags, ShadowCounts counts, ToDoubleFunction<ShadowCounts> read) {
            return FunctionCounter.builder(name, counts, read)
                    .description(description)
                    .tags(tags)
                    .register(registry);
        }

        void close() {
            stopListening.run();
            meters.forEach(registry::remove);
            meters.clear();
        }
    }
}
