package io.dubboai.monitor.metrics;

import io.dubboai.monitor.sketch.OipFeatureExtractor;
import io.dubboai.monitor.sketch.SketchConfig;
import io.dubboai.monitor.sketch.SketchSampler;
import io.dubboai.monitor.sketch.WindowedSketches;
import io.dubboai.serving.oip.grpc.ModelInferRequest;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.apache.dubbo.common.config.Configuration;
import org.apache.dubbo.rpc.Invocation;
import org.apache.dubbo.rpc.model.ApplicationModel;
import org.jspecify.annotations.Nullable;

/**
 * Input sketches of the model services one application serves: for each (model, version, accelerator, GPU type) a
 * {@link SketchSampler} of its Open Inference Protocol requests, fed by {@link ModelProviderMetricsFilter} after a call
 * was served. Requests of other methods or types (typed services) are not sketched in phase 1.
 *
 * <p>Settings, from the application's Dubbo configuration (system properties, environment, {@code
 * dubbo.properties}): {@value #SAMPLE_RATE} (default 0.01; 0 turns sketching off), {@value #QUEUE_CAPACITY} (1024),
 * {@value #WINDOW} ({@code PT5M}), {@value #WINDOWS_KEPT} (12), {@value #CATEGORICAL} (comma-separated feature names,
 * none by default).
 */
public final class InputSketches implements AutoCloseable {

    /** Share of requests sketched, 0..1. */
    public static final String SAMPLE_RATE = "dubbo.ai.monitor.sketch.sample-rate";

    /** Most sampled requests queued for the sketching thread. */
    public static final String QUEUE_CAPACITY = "dubbo.ai.monitor.sketch.queue-capacity";

    /** Window length, an ISO-8601 duration. */
    public static final String WINDOW = "dubbo.ai.monitor.sketch.window";

    /** Completed windows kept. */
    public static final String WINDOWS_KEPT = "dubbo.ai.monitor.sketch.windows-kept";

    /** Features sketched as categories, comma-separated. */
    public static final String CATEGORICAL = "dubbo.ai.monitor.sketch.categorical";

    private final SketchConfig config;
    private final MeterRegistry registry;
    private final Clock clock;
    private final Map<Tags, SketchSampler<ModelInferRequest>> samplers = new ConcurrentHashMap<>();

    /** Sketches by {@code config}, counted in {@code registry}. */
    public InputSketches(SketchConfig config, MeterRegistry registry, Clock clock) {
        this.config = config;
        this.registry = registry;
        this.clock = clock;
    }

    /** The application's sketches, created on first use from its configuration; closed with the application. */
    public static InputSketches of(ApplicationModel application) {
        return application.getBeanFactory().getOrRegisterBean(InputSketches.class, type -> {
            InputSketches sketches = new InputSketches(
                    config(application.modelEnvironment().getConfiguration()),
                    ModelMeters.of(application).registry(),
                    Clock.systemUTC());
            application.addDestroyListener(destroyed -> sketches.close());
            return sketches;
        });
    }

    /** The settings read from {@code configuration}; a bad value fails with the key, the value and the rule. */
    static SketchConfig config(Configuration configuration) {
        SketchConfig defaults = SketchConfig.DEFAULTS;
        String rate = configuration.getString(SAMPLE_RATE);
        String capacity = configuration.getString(QUEUE_CAPACITY);
        String window = configuration.getString(WINDOW);
        String kept = configuration.getString(WINDOWS_KEPT);
        String categorical = configuration.getString(CATEGORICAL);
        try {
            return new SketchConfig(
                    rate == null ? defaults.sampleRate() : Double.parseDouble(rate.trim()),
                    capacity == null ? defaults.queueCapacity() : Integer.parseInt(capacity.trim()),
                    window == null ? defaults.window() : Duration.parse(window.trim()),
                    kept == null ? defaults.windowsKept() : Integer.parseInt(kept.trim()),
                    defaults.kllK(),
                    defaults.maxMapSize(),
                    categorical == null
                            ? defaults.categorical()
                            : Arrays.stream(categorical.split(","))
                                    .map(String::trim)
                                    .filter(s -> !s.isEmpty())
                                    .collect(Collectors.toSet()));
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new IllegalArgumentException(
                    "bad sketch setting (" + SAMPLE_RATE + "=" + rate + ", " + QUEUE_CAPACITY
                            + "=" + capacity + ", " + WINDOW + "=" + window + ", " + WINDOWS_KEPT + "=" + kept + "): "
                            + e.getMessage()
                            + "; rates are numbers 0..1, sizes integers, the window an ISO-8601 duration "
                            + "such as PT5M",
                    e);
        }
    }

    /** The configuration in force. */
    public SketchConfig config() {
        return config;
    }

    /** Offers the request of a served call to its service's sampler, if sampled. */
    void served(ServiceMeters meters, Invocation invocation) {
        if (config.sampleRate() <= 0) {
            return;
        }
        Object[] arguments = invocation.getArguments();
        if (arguments == null || arguments.length != 1 || !(arguments[0] instanceof ModelInferRequest request)) {
            return;
        }
        SketchSampler<ModelInferRequest> sampler = samplers.get(meters.tags());
        if (sampler == null) {
            sampler = samplers.computeIfAbsent(meters.tags(), this::sampler);
        }
        if (sampler.sample()) {
            sampler.offer(request);
        }
    }

    private SketchSampler<ModelInferRequest> sampler(Tags tags) {
        String model = tag(tags, ModelMetricNames.TAG_MODEL);
        SketchSampler<ModelInferRequest> sampler = new SketchSampler<>(
                model + "-" + tag(tags, ModelMetricNames.TAG_VERSION),
                config,
                new OipFeatureExtractor(model),
                new WindowedSketches(config, clock));
        FunctionCounter.builder(ModelMetricNames.SKETCH_SAMPLED, sampler, SketchSampler::sampled)
                .description("Sampled requests whose inputs went into the sketches")
                .tags(tags)
                .register(registry);
        FunctionCounter.builder(ModelMetricNames.SKETCH_DROPPED, sampler, SketchSampler::dropped)
                .description("Sampled requests dropped because the sketch queue was full")
                .tags(tags)
                .register(registry);
        return sampler;
    }

    private static String tag(Tags tags, String key) {
        return tags.stream()
                .filter(t -> t.getKey().equals(key))
                .findFirst()
                .orElseThrow()
                .getValue();
    }

    /**
     * The sketches of one model version served here.
     *
     * @param model the model
     * @param version the version
     * @param sketches its windows
     */
    public record VersionSketches(String model, String version, WindowedSketches sketches) {}

    /** The sketches of every model version served here of which a request was sampled. */
    public List<VersionSketches> versions() {
        List<VersionSketches> all = new ArrayList<>();
        samplers.forEach((tags, sampler) -> all.add(new VersionSketches(
                tag(tags, ModelMetricNames.TAG_MODEL), tag(tags, ModelMetricNames.TAG_VERSION), sampler.sketches())));
        return all;
    }

    /** The sketches of one model version served here, if any request of it was sampled. */
    public Optional<WindowedSketches> sketches(String model, String version) {
        return samplers.entrySet().stream()
                .filter(e -> tag(e.getKey(), ModelMetricNames.TAG_MODEL).equals(model)
                        && tag(e.getKey(), ModelMetricNames.TAG_VERSION).equals(version))
                .map(e -> e.getValue().sketches())
                .findFirst();
    }

    /** The sampler of the service with these base tags, if any request of it was sampled. */
    public @Nullable SketchSampler<ModelInferRequest> sampler(String model, String version) {
        return samplers.entrySet().stream()
                .filter(e -> tag(e.getKey(), ModelMetricNames.TAG_MODEL).equals(model)
                        && tag(e.getKey(), ModelMetricNames.TAG_VERSION).equals(version))
                .map(Map.Entry::getValue)
                .findFirst()
                .orElse(null);
    }

    /** Stops every sampler. */
    @Override
    public void close() {
        samplers.values().forEach(SketchSampler::close);
    }
}
