package io.dubboai.serving.registry;

import io.dubboai.core.model.ModelSignature;
import io.dubboai.serving.batch.BatchingConfig;
import io.dubboai.serving.engine.ModelConfig;
import io.dubboai.serving.engine.WarmupConfig;
import io.dubboai.serving.loader.OnnxModelLoader;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;

/**
 * A model version as the registry's REST API describes it, with what serving needs.
 *
 * @param model the model
 * @param version the version number
 * @param artifactUri where the artifact lies ({@code file:}, {@code s3:}, {@code https:}); null until uploaded
 * @param checksum the artifact's SHA-256; null until uploaded
 * @param format the artifact format, e.g. {@code onnx}
 * @param runtime the runtime named at registration, or empty (then {@code onnxruntime})
 * @param signature the inputs and outputs read from the artifact at registration
 * @param params the version's parameters; those under {@code serving.} are its serving settings (see
 *     {@link #toModelConfig()})
 * @param status {@code PENDING}, {@code READY} or {@code FAILED}
 */
public record RegisteredVersion(
        String model,
        long version,
        @Nullable String artifactUri,
        @Nullable String checksum,
        String format,
        String runtime,
        ModelSignature signature,
        Map<String, String> params,
        String status) {

    /** Prefix of the version parameters read as serving settings. */
    public static final String SERVING_PREFIX = "serving.";

    public RegisteredVersion {
        params = Map.copyOf(params);
    }

    /**
     * The configuration to serve this version: its artifact, checksum, runtime and signature (a load whose artifact
     * has another signature fails), and the serving settings found in its parameters:
     *
     * <ul>
     *   <li>{@code serving.batching}: {@code auto} (default), {@code on} or {@code off};
     *   <li>{@code serving.max-batch-size}, {@code serving.max-queue-delay-ms}, {@code serving.queue-timeout-ms},
     *       {@code serving.max-queue-size}, {@code serving.workers}: the {@link BatchingConfig} fields;
     *   <li>{@code serving.warmup-requests}: synthetic requests before the version is made routable;
     *   <li>{@code serving.memory-bytes}: what a loaded copy holds in memory (read by model hosts, see
     *       {@link #memoryBytes()}).
     * </ul>
     *
     * @throws IllegalStateException when the version is not {@code READY} or has no artifact
     * @throws IllegalArgumentException when a serving setting is not valid, naming it
     */
    public ModelConfig toModelConfig() {
        if (!"READY".equals(status) || artifactUri == null || checksum == null) {
            throw new IllegalStateException("version " + version + " of model '" + model + "' is " + status
                    + (artifactUri == null ? " and has no artifact" : "")
                    + "; only a READY version with an uploaded artifact can be served");
        }
        BatchingConfig batching = BatchingConfig.DEFAULTS;
        String mode = params.get(SERVING_PREFIX + "batching");
        if (mode != null) {
            try {
                batching = batching.withMode(
                        BatchingConfig.Mode.valueOf(mode.trim().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("serving.batching of version " + version + " of model '" + model
                        + "' is '" + mode + "'; use auto, on or off");
            }
        }
        batching = batching.withBatch(
                (int) number("max-batch-size", batching.maxBatchSize()),
                Duration.ofMillis(
                        number("max-queue-delay-ms", batching.maxQueueDelay().toMillis())));
        batching = batching.withQueue(
                Duration.ofMillis(
                        number("queue-timeout-ms", batching.queueTimeout().toMillis())),
                (int) number("max-queue-size", batching.maxQueueSize()));
        batching = batching.withWorkers((int) number("workers", batching.workers()));
        ModelConfig config = ModelConfig.onnx(model, Long.toString(version), artifactUri, checksum)
                .withRuntime(runtime.isBlank() ? OnnxModelLoader.RUNTIME : runtime)
                .withBatching(batching)
                .withExpectedSignature(signature);
        String warmup = params.get(SERVING_PREFIX + "warmup-requests");
        if (warmup != null) {
            config = config.withWarmup(new WarmupConfig(
                    (int) number("warmup-requests", WarmupConfig.DEFAULTS.requests()),
                    WarmupConfig.DEFAULTS.rows(),
                    WarmupConfig.DEFAULTS.seed()));
        }
        return config;
    }

    /** {@code serving.memory-bytes}, when the version says what a loaded copy holds. */
    public OptionalLong memoryBytes() {
        return params.containsKey(SERVING_PREFIX + "memory-bytes")
                ? OptionalLong.of(number("memory-bytes", 0))
                : OptionalLong.empty();
    }

    private long number(String name, long fallback) {
        String text = params.get(SERVING_PREFIX + name);
        if (text == null) {
            return fallback;
        }
        try {
            long value = Long.parseLong(text.trim());
            if (value < 0) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(SERVING_PREFIX + name + " of version " + version + " of model '" + model
                    + "' is '" + text + "'; give a whole number >= 0");
        }
    }
}
