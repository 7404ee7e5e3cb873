package io.dubboai.serving.engine;

import io.dubboai.core.model.ModelNames;
import io.dubboai.core.model.ModelSignature;
import io.dubboai.serving.batch.BatchingConfig;
import io.dubboai.serving.loader.LoadOptions;
import io.dubboai.serving.loader.OnnxModelLoader;
import java.util.Objects;

/**
 * One model version to serve.
 *
 * @param name registered model name
 * @param version model version
 * @param artifactUri where the artifact lies, e.g. {@code file:///models/fraud/3/model.onnx}
 * @param sha256 expected SHA-256 of the artifact, 64 hex digits
 * @param runtime name of the {@link io.dubboai.serving.loader.ModelLoader} extension, e.g. {@code onnxruntime}
 * @param loadOptions execution provider and threads
 * @param batching dynamic batching settings
 * @param warmup synthetic requests before registration
 * @param maxInputElements most elements one input tensor of one request may have, {@code >= 1}
 * @param expectedSignature the signature registered for this version; the artifact must have the same inputs and
 *     outputs or the load fails showing both. {@link ModelSignature#EMPTY} (the default) checks nothing
 */
public record ModelConfig(
        String name,
        String version,
        String artifactUri,
        String sha256,
        String runtime,
        LoadOptions loadOptions,
        BatchingConfig batching,
        WarmupConfig warmup,
        int maxInputElements,
        ModelSignature expectedSignature) {

    /** Default bound on one input tensor: 4 Mi elements (16 MiB of FP32). */
    public static final int DEFAULT_MAX_INPUT_ELEMENTS = 4 * 1024 * 1024;

    /** Validates names and bounds. */
    public ModelConfig {
        ModelNames.requireModelName(name);
        ModelNames.requireVersion(version);
        Objects.requireNonNull(artifactUri, "artifactUri");
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(runtime, "runtime");
        Objects.requireNonNull(loadOptions, "loadOptions");
        Objects.requireNonNull(batching, "batching");
        Objects.requireNonNull(warmup, "warmup");
        Objects.requireNonNull(expectedSignature, "expectedSignature");
        if (maxInputElements < 1) {
            throw new IllegalArgumentException("maxInputElements must be >= 1, but was " + maxInputElements);
        }
    }

    /** An ONNX model on the CPU with default batching, warm-up and limits. */
    public static ModelConfig onnx(String name, String version, String artifactUri, String sha256) {
        return new ModelConfig(
                name,
                version,
                artifactUri,
                sha256,
                OnnxModelLoader.RUNTIME,
                LoadOptions.DEFAULTS,
                BatchingConfig.DEFAULTS,
                WarmupConfig.DEFAULTS,
                DEFAULT_MAX_INPUT_ELEMENTS,
                ModelSignature.EMPTY);
    }

    /** A copy with other batching settings. */
    public ModelConfig withBatching(BatchingConfig newBatching) {
        return new ModelConfig(
                name,
                version,
                artifactUri,
                sha256,
                runtime,
                loadOptions,
                newBatching,
                warmup,
                maxInputElements,
                expectedSignature);
    }

    /** A copy with other warm-up settings. */
    public ModelConfig withWarmup(WarmupConfig newWarmup) {
        return new ModelConfig(
                name,
                version,
                artifactUri,
                sha256,
                runtime,
                loadOptions,
                batching,
                newWarmup,
                maxInputElements,
                expectedSignature);
    }

    /** A copy with another input size bound. */
    public ModelConfig withMaxInputElements(int newMaxInputElements) {
        return new ModelConfig(
                name,
                version,
                artifactUri,
                sha256,
                runtime,
                loadOptions,
                batching,
                warmup,
                newMaxInputElements,
                expectedSignature);
    }

    /** A copy with another runtime ({@link io.dubboai.serving.loader.ModelLoader} extension name). */
    public ModelConfig withRuntime(String newRuntime) {
        return new ModelConfig(
                name,
                version,
                artifactUri,
                sha256,
                newRuntime,
                loadOptions,
                batching,
                warmup,
                maxInputElements,
                expectedSignature);
    }

    /** A copy that requires the artifact to have {@code signature} (the one registered for the version). */
    public ModelConfig withExpectedSignature(ModelSignature signature) {
        return new ModelConfig(
                name,
                version,
                artifactUri,
                sha256,
                runtime,
                loadOptions,
                batching,
                warmup,
                maxInputElements,
                signature);
    }

    /** A copy with other load options. */
    public ModelConfig withLoadOptions(LoadOptions newLoadOptions) {
        return new ModelConfig(
                name,
                version,
                artifactUri,
                sha256,
                runtime,
                newLoadOptions,
                batching,
                warmup,
                maxInputElements,
                expectedSignature);
    }
}
