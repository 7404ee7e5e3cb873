package io.dubboai.monitor.metrics;

import io.dubboai.core.contract.ModelAttachments;
import io.dubboai.core.contract.ModelProviderParams;
import io.dubboai.serving.oip.grpc.ModelInferRequest;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.dubbo.common.URL;
import org.apache.dubbo.registry.client.InstanceAddressURL;
import org.apache.dubbo.rpc.Invocation;
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
 *
 * <p><b>Model hosts.</b> A model host ({@code dubbo-ai-model-host}) exports one Open Inference Protocol service for
 * every version it serves, marked with {@link ModelProviderParams#HOST_ID} and its accelerator parameters but without
 * {@link ModelProviderParams#MODEL}. For its invoker the meters are chosen per call: the model is the request's
 * {@code model_name}; the version is the one the consumer's router sent the call to
 * ({@link ModelAttachments#ROUTED_VERSION}), else the request's {@code model_version}, else the pinned version
 * ({@link ModelAttachments#VERSION}), else {@value ModelMetricNames#NONE} (a client that names the model only, served
 * by the host's one version of it). This is the order in which the host itself picks the version, so a call is counted
 * under the version that answered it. Only {@code ModelInfer} calls are counted there (other methods name no version).
 * Per-call lookups go through two nested maps (model, then version): no allocation once a version was seen.
 */
public final class CallMetrics {

    /** Most invokers cached before the cache is cleared. */
    static final int MAX_CACHED_INVOKERS = 4096;

    /** Cached for invokers of services that are not model services. */
    private static final Route NOT_A_MODEL = new Fixed(Optional.empty());

    private final MeterRegistry registry;
    private final ServiceMeters.Side side;
    private final Map<Tags, ServiceMeters> byTags = new ConcurrentHashMap<>();
    private final Map<Invoker<?>, Route> byInvoker = new ConcurrentHashMap<>();

    CallMetrics(MeterRegistry registry, ServiceMeters.Side side) {
        this.registry = registry;
        this.side = side;
    }

    /**
     * The meters of {@code invoker}'s model service, or for a model host's service those of the model and version
     * {@code invocation} is for; {@code null} when it is not a model call.
     */
    public @Nullable ServiceMeters meters(Invoker<?> invoker, Invocation invocation) {
        Route route = byInvoker.get(invoker);
        if (route == null) {
            route = lookUp(invoker.getUrl());
            if (byInvoker.size() >= MAX_CACHED_INVOKERS) {
                byInvoker.clear();
            }
            byInvoker.put(invoker, route);
        }
        return route.meters(invocation);
    }

    /** The meters of the service with these tags, created on first use. */
    ServiceMeters meters(Tags tags) {
        return byTags.computeIfAbsent(tags, t -> new ServiceMeters(registry, side, t));
    }

    private Route lookUp(URL url) {
        String model = providerParameter(url, ModelProviderParams.MODEL);
        String accelerator = providerParameter(url, ModelProviderParams.ACCELERATOR);
        String gpuType = providerParameter(url, ModelProviderParams.GPU_TYPE);
        if (model != null) {
            return new Fixed(Optional.of(meters(
                    tags(model, providerParameter(url, ModelProviderParams.MODEL_VERSION), accelerator, gpuType))));
        }
        if (providerParameter(url, ModelProviderParams.HOST_ID) != null) {
            return new PerCall(accelerator, gpuType);
        }
        return NOT_A_MODEL;
    }

    /** How an invoker's calls find their meters. */
    private interface Route {
        @Nullable
        ServiceMeters meters(Invocation invocation);
    }

    /** A single-model service, or none: the same meters for every call. */
    private record Fixed(Optional<ServiceMeters> service) implements Route {
        @Override
        public @Nullable ServiceMeters meters(Invocation invocation) {
            return service.orElse(null);
        }
    }

    /** A model host's service: the meters of the model and version each call is for. */
    private final class PerCall implements Route {
        private final @Nullable String accelerator;
        private final @Nullable String gpuType;
        private final Map<String, Map<String, ServiceMeters>> byModel = new ConcurrentHashMap<>();

        PerCall(@Nullable String accelerator, @Nullable String gpuType) {
            this.accelerator = accelerator;
            this.gpuType = gpuType;
        }

        @Override
        public @Nullable ServiceMeters meters(Invocation invocation) {
            Object[] arguments = invocation.getArguments();
            if (arguments == null
                    || arguments.length != 1
                    || !(arguments[0] instanceof ModelInferRequest request)
                    || request.getModelName().isBlank()) {
                return null;
            }
            String model = request.getModelName();
            String version = hostedVersion(invocation, request);
            Map<String, ServiceMeters> versions = byModel.get(model);
            if (versions == null) {
                versions = byModel.computeIfAbsent(model, m -> new ConcurrentHashMap<>());
            }
            ServiceMeters found = versions.get(version);
            if (found == null) {
                found = versions.computeIfAbsent(
                        version,
                        v -> CallMetrics.this.meters(
                                tags(model, v.equals(ModelMetricNames.NONE) ? null : v, accelerator, gpuType)));
            }
            return found;
        }
    }

    /** The version a model host serves this call: routed, else requested, else pinned, else {@code none}. */
    private static String hostedVersion(Invocation invocation, ModelInferRequest request) {
        String routed = invocation.getAttachment(ModelAttachments.ROUTED_VERSION);
        if (routed != null && !routed.isBlank()) {
            return routed.trim();
        }
        if (!request.getModelVersion().isBlank()) {
            return request.getModelVersion().trim();
        }
        String pinned = invocation.getAttachment(ModelAttachments.VERSION);
        return pinned == null || pinned.isBlank() ? ModelMetricNames.NONE : pinned.trim();
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
