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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * One loaded model version and everything on its request path: validation, the request queue, the in-flight count,
 * readiness and draining. Thread-safe.
 *
 * <p><b>Every request waits in one bounded FIFO queue, batched or not.</b> With batching on, that queue is the
 * {@link DynamicBatcher}'s. With batching off (or a model without a batch dimension), it is a {@link DynamicBatcher}
 * of one request per runtime call: the same admission control ({@code maxQueueSize}, {@code OVERLOADED}), the same
 * queue timeout ({@code QUEUE_TIMEOUT}), the same first-come-first-served order and the same {@code workers} bound on
 * concurrent runtime calls. Before, an unbatched request ran on its caller's thread, so under overload every Dubbo
 * server thread competed for the runtime at once and the scheduler, not arrival order, picked who went next: some
 * calls starved past their client deadline while later ones were served. {@link #infer} never blocks its caller on
 * the queue; it returns a future.
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
    /** The request queue: batching when {@link #batching} is set, one request per runtime call otherwise. */
    private final DynamicBatcher queue;

    private final boolean batching;
    private final LongSupplier nanoClock;
    private final List<RequestListener> listeners = new CopyOnWriteArrayList<>();
    private final AtomicReference<State> state = new AtomicReference<>(State.LOADED);
    private final Object idle = new Object();
    private int inFlight;

    /**
     * Wraps a loaded model.
     *
     * @param nanoClock monotonic clock for the queue's delays and timeouts
     * @param batchObserver told the batches (one row each without batching), queue waits and rejections
     * @throws ServingException of kind {@code ARTIFACT} when batching is {@code ON} but the model has no batch
     *     dimension, or when the model's signature differs from {@code config.expectedSignature()}
     */
    public ModelEngine(ModelConfig config, LoadedModel model, LongSupplier nanoClock, BatchObserver batchObserver) {
        this.config = config;
        this.model = model;
        this.nanoClock = nanoClock;
        ModelSignature signature = model.signature();
        ModelSignature expected = config.expectedSignature();
        if (!expected.isEmpty() && !expected.sameTensors(signature)) {
            throw new ServingException(
                    ErrorKind.ARTIFACT,
                    config.name(),
                    "the artifact of model '" + config.name() + "' version " + config.version() + " has "
                            + signature.describe() + ", but the registered signature is " + expected.describe()
                            + "; the model was not loaded: register the artifact's signature with a new version, or "
                            + "serve the artifact that was registered");
        }
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
        this.batching = batching.mode() != BatchingConfig.Mode.OFF && batchable;
        this.queue = this.batching
                ? new DynamicBatcher(
                        config.name(), batching, inputs -> model.run(inputs, Set.of()), nanoClock, batchObserver)
                : new DynamicBatcher(
                        config.name(),
                        unbatched(batching),
                        inputs -> model.run(inputs, Set.of()),
                        nanoClock,
                        batchObserver);
        this.queue.start();
    }

    /**
     * The queue settings of the unbatched path: one request per runtime call, sent as soon as a worker is free, with
     * the configured queue timeout, queue bound and workers.
     */
    static BatchingConfig unbatched(BatchingConfig batching) {
        return new BatchingConfig(
                BatchingConfig.Mode.OFF,
                1,
                Duration.ZERO,
                List.of(),
                batching.queueTimeout(),
                batching.maxQueueSize(),
                batching.workers());
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

    /**
     * Told when each accepted request is answered (served or failed), with the engine's own clock readings: when the
     * engine accepted the request into its queue and when the answer was ready. Requests refused before the queue
     * (not ready, invalid input) are not reported.
     */
    @FunctionalInterface
    public interface RequestListener {
        /**
         * Called on the thread that answered the request; keep it short and non-blocking.
         *
         * @param acceptedNanos the engine's clock when the request entered the queue
         * @param answeredNanos the engine's clock when its answer (outputs or failure) was ready
         * @param failure why it failed; null when it was served
         */
        void answered(long acceptedNanos, long answeredNanos, @Nullable ServingException failure);
    }

    /** Adds a listener told about every answered request from now on (metrics, tests). */
    public void addRequestListener(RequestListener listener) {
        listeners.add(listener);
    }

    /** Whether requests are batched. */
    public boolean batching() {
        return batching;
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

    /** Requests waiting in the queue (the batching queue, or the unbatched path's queue). */
    public int queueDepth() {
        return queue.queueDepth();
    }

    /**
     * Runs {@code config.warmup()} synthetic requests through the full request path (validation and queue), then
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
        long accepted = nanoClock.getAsLong();
        CompletableFuture<Map<String, Tensor>> result;
        try {
            // unbatched: one request per runtime call whatever its rows (a fixed-shape model may have no row count)
            int rows = batching ? (int) validated.values().iterator().next().dim(0) : 1;
            result = queue.submit(validated, outputs, rows);
        } catch (RuntimeException e) {
            result = CompletableFuture.failedFuture(e);
        }
        return result.whenComplete((r, t) -> done(accepted, t));
    }

    private void done(long accepted, @Nullable Throwable failure) {
        try {
            if (!listeners.isEmpty()) {
                long answered = nanoClock.getAsLong();
                ServingException error = failure == null ? null : unwrap(failure);
                for (RequestListener listener : listeners) {
                    listener.answered(accepted, answered, error);
                }
            }
        } finally {
            synchronized (idle) {
                inFlight--;
                if (inFlight == 0) {
                    idle.notifyAll();
                }
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

    /** Stops the queue and frees the runtime. Idempotent. */
    @Override
    public void close() {
        if (state.getAndSet(State.CLOSED) == State.CLOSED) {
            return;
        }
        queue.close(TimeUnit.SECONDS.toMillis(5));
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
