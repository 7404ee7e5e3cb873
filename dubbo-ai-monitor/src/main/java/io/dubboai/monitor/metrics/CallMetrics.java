package io.dubboai.monitor.metrics;

import io.dubboai.core.contract.ModelProviderParams;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.dubbo.common.URL;
import org.apache.dubbo.registry.client.InstanceAddressURL;
import org.apache.dubbo.rpc.Invoker;
import org.jspecify.annotations.Nullable;

/**
 * Finds the {@link ServiceMeters} of an invoker, per call, without building tags.
 *
 * <p><b>Two maps.</b> {@code byTags} holds one {@link ServiceMeters} per tag set (model, version, accelerator, GPU
 * type): bounded by what is deployed, never cleared, and it keeps the in-flight gauges' counters alive. {@code
 * byInvoker} caches, per Dubbo invoker, the entry of its tag set, or {@link #NOT_A_MODEL} for services without
 * {@link ModelProviderParams#MODEL}: one hash lookup per call. Invokers compare by identity (Dubbo's invokers do not
 * override {@code equals}); the invoker a filter sees is the next node of its chain, one per exported service on a
 * provider and one per (reference, provider) on a consumer, so it stands for its URL. Consumers see invokers come and
 * go with providers; when the cache passes {@link #MAX_CACHED_INVOKERS} it is cleared, and each live invoker costs one
 * more slow lookup, which finds its tag set's meters again.
 */
public final class CallMetrics {

    /** Most invokers cached before the cache is cleared. */
    static final int MAX_CACHED_INVOKERS = 4096;

    /** Cached for invokers of services that are not model services. */
    private static final Optional<ServiceMeters> NOT_A_MODEL = Optional.empty();

    private final MeterRegistry registry;
    private final ServiceMeters.Side side;
    private final Map<Tags, ServiceMeters> byTags = new ConcurrentHashMap<>();
    private final Map<Invoker<?>, Optional<ServiceMeters>> byInvoker = new ConcurrentHashMap<>();

    CallMetrics(MeterRegistry registry, ServiceMeters.Side side) {
        this.registry = registry;
        this.side = side;
    }

    /** The meters of {@code invoker}'s model service; {@code null} when it is not a model service. */
    public @Nullable ServiceMeters meters(Invoker<?> invoker) {
        Optional<ServiceMeters> cached = byInvoker.get(invoker);
        if (cached == null) {
            cached = lookUp(invoker.getUrl());
            if (byInvoker.size() >= MAX_CACHED_INVOKERS) {
                byInvoker.clear();
            }
            byInvoker.put(invoker, cached);
        }
        return cached.orElse(null);
    }

    /** The meters of the service with these tags, created on first use. */
    ServiceMeters meters(Tags tags) {
        return byTags.computeIfAbsent(tags, t -> new ServiceMeters(registry, side, t));
    }

    private Optional<ServiceMeters> lookUp(URL url) {
        String model = providerParameter(url, ModelProviderParams.MODEL);
        if (model == null) {
            return NOT_A_MODEL;
        }
        return Optional.of(meters(tags(
                model,
                providerParameter(url, ModelProviderParams.MODEL_VERSION),
                providerParameter(url, ModelProviderParams.ACCELERATOR),
                providerParameter(url, ModelProviderParams.GPU_TYPE))));
    }

    /** The base tags of a model service; absent values read {@value ModelMetricNames#NONE}. */
    public static Tags tags(
            String model, @Nullable String version, @Nullable String accelerator, @Nullable String gpuType) {
        return Tags.of(
                ModelMetricNames.TAG_MODEL, model,
                ModelMetricNames.TAG_VERSION, orNone(version),
                ModelMetricNames.TAG_ACCELERATOR, orNone(accelerator),
                ModelMetricNames.TAG_GPU_TYPE, orNone(gpuType));
    }

    /** The base tags of the service publishing {@code parameters} ({@link ModelProviderParams} keys). */
    public static Tags tags(Map<String, String> parameters) {
        return tags(
                parameters.getOrDefault(ModelProviderParams.MODEL, ModelMetricNames.NONE),
                parameters.get(ModelProviderParams.MODEL_VERSION),
                parameters.get(ModelProviderParams.ACCELERATOR),
                parameters.get(ModelProviderParams.GPU_TYPE));
    }

    /**
     * The provider's own value of {@code key}, as {@link ModelProviderParams} says to read it: a consumer parameter of
     * the same name shadows it in {@code URL.getParameter}; in instance-level discovery only {@code
     * getOriginalServiceParameter} returns what the provider registered, elsewhere {@code getOriginalParameter} (on a
     * provider, its own parameter). The router reads them the same way ({@code ProviderFacts}); the two modules share
     * no Dubbo-facing package, and core's contract package stays free of Dubbo types.
     */
    static @Nullable String providerParameter(URL url, String key) {
        String value = url instanceof InstanceAddressURL
                ? url.getOriginalServiceParameter(url.getProtocolServiceKey(), key)
                : url.getOriginalParameter(key);
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static String orNone(@Nullable String value) {
        return value == null || value.isBlank() ? ModelMetricNames.NONE : value;
    }
}
