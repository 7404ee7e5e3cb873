package io.dubboai.serving.engine;

import io.dubboai.core.model.ModelSignature;
import io.dubboai.core.model.TensorSpec;
import io.dubboai.serving.ErrorKind;
import io.dubboai.serving.ServingException;
import io.dubboai.serving.batch.BatchObserver;
import io.dubboai.serving.batch.BatchingConfig;
import io.dubboai.serving.batch.DynamicBatcher;
import io.dubboai.serving.loader.LoadedModel;
import io.dubboai.serving.tensor.DataType;
import io.dubboai.serving.tensor.Tensor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * One loaded model version and everything on its request path: validation, the optional {@link DynamicBatcher},
 * the in-flight count, readiness and draining. Thread-safe.
 *
 * <p>Lifecycle: {@link State#LOADED} → {@link #warmUp()} → {@link State#READY} → {@link #drain(Duration)} →
 * {@link State#DRAINING} → {@link #close()} → {@link State#CLOSED}. Only a READY engine accepts requests.
 */
public final class ModelEngine implements AutoCloseable {

    /** Where an engine is in its lifecycle. */
    public enum State {
        /** Loaded, not warmed up: requests are refused. */
        LOADED,
        /** Serving. */
        READY,
        /** Finishing in-flight requests; new ones are refused. */
        DRAINING,
        /** Resources freed. */
        CLOSED
    }

    private final ModelConfig config;
    private final LoadedModel model;
    private final InputValidator validator;
    private final @Nullable DynamicBatcher batcher;
    private final AtomicReference<State> state = new AtomicReference<>(State.LOADED);
    private final Object idle = new Object();
    private int inFlight;

    /**
     * Wraps a loaded model.
     *
     * @param nanoClock monotonic clock for the batcher's delays
     * @param batchObserver told the batches, queue waits and rejections of the batcher (unused without batching)
     * @throws ServingException of kind {@code ARTIFACT} when batching is {@code ON} but the model has no batch
     *     dimension
     */
    public ModelEngine(ModelConfig config, LoadedModel model, LongSupplier nanoClock, BatchObserver batchObserver) {
        this.config = config;
        this.model = model;
        ModelSignature signature = model.signature();
        this.validator = new InputValidator(config.name(), signature, config.maxInputElements());
        BatchingConfig batching = config.batching();
        boolean batchable = signature.hasBatchDimension();
        if (batching.mode() == BatchingConfig.Mode.ON && !batchable) {
            throw new ServingException(
                    ErrorKind.ARTIFACT,
                    config.name(),
                    "batching mode ON was configured for model '" + config.name() + "', but not every input and "
                            + "output has a variable first dimension (inputs " + shapes(signature.inputs())
                            + ", outputs " + shapes(signature.outputs()) + "); export the model with a dynamic batch "
                            + "dimension or set batching mode AUTO or OFF");
        }
        if (batching.mode() != BatchingConfig.Mode.OFF && batchable) {
            this.batcher = new DynamicBatcher(
                    config.name(), batching, inputs -> model.run(inputs, Set.of()), nanoClock, batchObserver);
            this.batcher.start();
        } else {
            this.batcher = null;
        }
    }

    private static List<String> shapes(List<TensorSpec> specs) {
        return specs.stream().map(s -> s.name() + s.shapeText()).toList();
    }

    /** The configuration. */
    public ModelConfig config() {
        return config;
    }

    /** The signature read from the artifact. */
    public ModelSignature signature() {
        return model.signature();
    }

    /** The runtime's platform name, e.g. {@code onnxruntime_onnx}. */
    public String platform() {
        return model.platform();
    }

    /** The execution provider in use, e.g. {@code CPU}. */
    public String executionProvider() {
        return model.executionProvider();
    }

    /** Whether requests are batched. */
    public boolean batching() {
        return batcher != null;
    }

    /** The lifecycle state. */
    public State state() {
        return state.get();
    }

    /** Whether the engine accepts requests. */
    public boolean ready() {
        return state.get() == State.READY;
    }

    /** Requests accepted and not yet answered. */
    public int inFlight() {
        synchronized (idle) {
            return inFlight;
        }
    }

    /** Requests waiting in the batching queue; 0 without batching. */
    public int queueDepth() {
        return batcher == null ? 0 : batcher.queueDepth();
    }

    /**
     * Runs {@code config.warmup()} synthetic requests through the full request path (validation and batcher), then
     * turns READY. Values are seeded pseudo-random numbers in [0, 1) (integers: 0).
     *
     * @throws ServingException when a warm-up request fails: the model is not fit to serve
     */
    public void warmUp() {
        if (state.get() != State.LOADED) {
            throw new IllegalStateException("model '" + config.name() + "' is " + state.get() + "; warm-up runs once, "
                    + "right after loading");
        }
        WarmupConfig warmup = config.warmup();
        Random random = new Random(warmup.seed());
        for (int i = 0; i < warmup.requests(); i++) {
            List<Tensor> inputs = new ArrayList<>();
            for (TensorSpec spec : signature().inputs()) {
                inputs.add(synthetic(spec, warmup.rows(), random));
            }
            join(submit(inputs, Set.of()));
        }
        state.compareAndSet(State.LOADED, State.READY);
    }

    /** A tensor matching {@code spec} with {@code rows} rows of pseudo-random values. */
    public static Tensor synthetic(TensorSpec spec, int rows, Random random) {
        long[] shape = spec.concreteShape(rows);
        int size = (int) Tensor.elementCount(shape);
        Object data = DataType.of(spec).newArray(size);
        if (DataType.of(spec) == DataType.FP32) {
            float[] values = (float[]) data;
            for (int i = 0; i < size; i++) {
                values[i] = random.nextFloat();
            }
        } else if (DataType.of(spec) == DataType.FP64) {
            double[] values = (double[]) data;
            for (int i = 0; i < size; i++) {
                values[i] = random.nextDouble();
            }
        }
        return Tensor.of(spec.name(), DataType.of(spec), shape, data);
    }

    /**
     * Validates and runs one request.
     *
     * @param inputs the input tensors
     * @param outputs names of the outputs wanted; empty for all
     * @return completes with the outputs, or fails with a {@link ServingException}
     */
    public CompletableFuture<Map<String, Tensor>> infer(List<Tensor> inputs, Set<String> outputs) {
        State now = state.get();
        if (now != State.READY) {
            return CompletableFuture.failedFuture(new ServingException(
                    ErrorKind.NOT_READY,
                    config.name(),
                    "model '" + config.name() + "' version " + config.version() + " is " + now + ", not READY; "
                            + "retry on another provider"));
        }
        return submit(inputs, outputs);
    }

    /** {@link #infer} and wait; failures are thrown as {@link ServingException}. */
    public Map<String, Tensor> inferBlocking(List<Tensor> inputs, Set<String> outputs) {
        return join(infer(inputs, outputs));
    }

    private CompletableFuture<Map<String, Tensor>> submit(List<Tensor> inputs, Set<String> outputs) {
        Map<String, Tensor> validated;
        try {
            validated = validator.validate(inputs, outputs);
        } catch (ServingException e) {
            return CompletableFuture.failedFuture(e);
        }
        synchronized (idle) {
            inFlight++;
        }
        CompletableFuture<Map<String, Tensor>> result;
        try {
            if (batcher != null) {
                int rows = (int) validated.values().iterator().next().dim(0);
                result = batcher.submit(validated, outputs, rows);
            } else {
                result = CompletableFuture.completedFuture(model.run(validated, outputs));
            }
        } catch (RuntimeException e) {
            result = CompletableFuture.failedFuture(e);
        }
        return result.whenComplete((r, t) -> done());
    }

    private void done() {
        synchronized (idle) {
            inFlight--;
            if (inFlight == 0) {
                idle.notifyAll();
            }
        }
    }

    /**
     * Stops accepting requests and waits for the in-flight ones to finish.
     *
     * @return whether every in-flight request finished within {@code timeout}
     */
    public boolean drain(Duration timeout) {
        state.compareAndSet(State.READY, State.DRAINING);
        state.compareAndSet(State.LOADED, State.DRAINING);
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (idle) {
            while (inFlight > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(idle, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return true;
    }

    /** Stops the batcher and frees the runtime. Idempotent. */
    @Override
    public void close() {
        if (state.getAndSet(State.CLOSED) == State.CLOSED) {
            return;
        }
        if (batcher != null) {
            batcher.close(TimeUnit.SECONDS.toMillis(5));
        }
        model.close();
    }

    /** Waits for {@code future}; a failure is rethrown as the {@link ServingException} it carries. */
    public static <T> T join(CompletableFuture<T> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServingException(ErrorKind.RUNTIME, "", "interrupted while waiting for the model", e);
        } catch (ExecutionException e) {
            throw unwrap(e.getCause());
        }
    }

    /** The {@link ServingException} inside {@code failure}, or one of kind {@code RUNTIME} wrapping it. */
    public static ServingException unwrap(@Nullable Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof ServingException serving) {
            return serving;
        }
        return new ServingException(
                ErrorKind.RUNTIME,
                "",
                "model call failed: " + (cause == null ? "unknown error" : cause.toString()),
                cause);
    }
}
