package io.dubboai.serving.provider;

import io.dubboai.serving.DelegatingLoadedModel;
import io.dubboai.serving.loader.LoadOptions;
import io.dubboai.serving.loader.LoadedModel;
import io.dubboai.serving.loader.ModelLoader;
import io.dubboai.serving.loader.OnnxModelLoader;
import io.dubboai.serving.tensor.Tensor;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Test runtime {@code paced-onnx}: ONNX Runtime, where each run of a model first takes a set service time (a model
 * that costs that much per runtime call, so that a provider's capacity is known) and waits while the model's gate is
 * closed (queueing made observable without sleeps in the test). Settings are per model name, set before the load.
 */
public final class PacedModelLoader implements ModelLoader {

    /** The runtime name. */
    public static final String RUNTIME = "paced-onnx";

    private static final Map<String, Duration> PACES = new ConcurrentHashMap<>();
    private static final Map<String, CountDownLatch> GATES = new ConcurrentHashMap<>();
    private static final Map<String, AtomicLong> LONGEST_RUN = new ConcurrentHashMap<>();

    /** Every run of {@code model} takes {@code pace}. */
    static void pace(String model, Duration pace) {
        PACES.put(model, pace);
    }

    /** Closes the gate of {@code model}: its runs wait until the returned latch is counted down. */
    static CountDownLatch hold(String model) {
        CountDownLatch gate = new CountDownLatch(1);
        GATES.put(model, gate);
        return gate;
    }

    /** The longest runtime call of {@code model} so far, pace and gate included. */
    static Duration longestRun(String model) {
        return Duration.ofNanos(
                LONGEST_RUN.computeIfAbsent(model, m -> new AtomicLong()).get());
    }

    @Override
    public String runtime() {
        return RUNTIME;
    }

    @Override
    public LoadedModel load(String modelName, Path artifact, LoadOptions options) {
        LoadedModel delegate = new OnnxModelLoader().load(modelName, artifact, options);
        AtomicLong longest = LONGEST_RUN.computeIfAbsent(modelName, m -> new AtomicLong());
        return new DelegatingLoadedModel(delegate) {

            @Override
            public Map<String, Tensor> run(Map<String, Tensor> inputs, Set<String> outputs) {
                long start = System.nanoTime();
                try {
                    CountDownLatch gate = GATES.get(modelName);
                    if (gate != null && !gate.await(60, TimeUnit.SECONDS)) {
                        throw new IllegalStateException("the test never opened the gate of model " + modelName);
                    }
                    Duration pace = PACES.getOrDefault(modelName, Duration.ZERO);
                    if (!pace.isZero()) {
                        // the service time of this model: what one runtime call costs
                        Thread.sleep(pace.toMillis());
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
                Map<String, Tensor> result = delegate.run(inputs, outputs);
                longest.accumulateAndGet(System.nanoTime() - start, Math::max);
                return result;
            }
        };
    }
}
