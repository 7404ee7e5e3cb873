package io.dubboai.serving.batch;

import io.dubboai.serving.ErrorKind;
import io.dubboai.serving.ServingException;
import io.dubboai.serving.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * Coalesces concurrent requests for one model into one runtime call, like Triton's dynamic batcher.
 *
 * <h2>Design</h2>
 *
 * <p>Requests enter a <b>bounded</b> FIFO queue ({@code maxQueueSize}); when it is full, {@link #submit} fails at
 * once with {@link ErrorKind#OVERLOADED} instead of growing memory: back-pressure the caller can act on (retry
 * elsewhere). Each request also gets a <b>queue timeout</b> timer: if no worker has claimed it when the timer fires,
 * the request is removed and failed with {@link ErrorKind#QUEUE_TIMEOUT}, so no caller hangs behind a saturated
 * model. Claiming and expiring race through one compare-and-set on the request's state, so exactly one of them wins.
 *
 * <p>{@code workers} threads each loop: an idle worker waits for the oldest request holding no lock and no run
 * permit; with a request in hand it takes one of the {@code workers} run permits, then, under a formation lock (so
 * batches are formed one at a time and in queue order), claims it and keeps adding queued requests while the total
 * rows stay within {@code maxBatchSize}. It stops adding when
 *
 * <ol>
 *   <li>the batch is full ({@code rows == maxBatchSize}), or
 *   <li>the rows equal a <b>preferred batch size</b> and nothing more is waiting (Triton: prefer these sizes over
 *       waiting longer), or
 *   <li>the next request would overflow the batch (it is kept as the head of the next batch), or
 *   <li>the <b>max queue delay</b> has passed since the <em>first</em> request of the batch was enqueued and nothing
 *       more is waiting.
 * </ol>
 *
 * <p>The worker then releases the lock, so another worker can form the next batch while this one runs: it stacks
 * each input along the first dimension, runs the model once, and splits every output back into each request's
 * rows, in order. A failure of the run fails every request of that batch. With {@code maxQueueDelay = 0} a batch
 * holds whatever queued up while the previous batch ran: batching without added latency. In that mode a request that
 * finds nothing queued and a free run permit runs at once on the caller's thread, saving two thread hand-offs;
 * requests arriving meanwhile queue up and form the next batch. Run permits (one per worker) bound the batches
 * running at once, on workers and callers together.
 *
 * <p>Reference: NVIDIA Triton Inference Server, "Dynamic Batcher" (model configuration documentation).
 */
public final class DynamicBatcher implements AutoCloseable {

    private static final int QUEUED = 0;
    private static final int CLAIMED = 1;
    private static final int EXPIRED = 2;
    private static final long IDLE_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final String model;
    private final BatchingConfig config;
    private final BatchRunner runner;
    private final LongSupplier nanoClock;
    private final BatchObserver observer;
    /** Whether queue waits are measured: only when someone observes them. */
    private final boolean observeWaits;

    private final BlockingQueue<Pending> queue;
    private final ReentrantLock formation = new ReentrantLock();
    private final ScheduledExecutorService timer;
    private final List<Thread> workers = new ArrayList<>();
    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong rows = new AtomicLong();
    /** One permit per worker: at most {@code workers} batches run at once, whether on a worker or a caller. */
    private final Semaphore permits;

    private volatile boolean closed;

    /** Head of the next batch: a request taken from the queue that did not fit. Written under {@link #formation}. */
    private volatile @Nullable Pending carried;

    /**
     * Creates a batcher; call {@link #start()} before submitting.
     *
     * @param model model name, for messages and thread names
     * @param runner runs one stacked batch
     * @param nanoClock monotonic clock in nanoseconds, e.g. {@code System::nanoTime}
     * @param observer told every batch run, queue wait and rejection (metrics, tests); {@link BatchObserver#NONE}
     *     for nobody
     */
    public DynamicBatcher(
            String model, BatchingConfig config, BatchRunner runner, LongSupplier nanoClock, BatchObserver observer) {
        this.model = model;
        this.config = config;
        this.runner = runner;
        this.nanoClock = nanoClock;
        this.observer = observer;
        this.observeWaits = observer != BatchObserver.NONE;
        this.queue = new ArrayBlockingQueue<>(config.maxQueueSize());
        this.permits = new Semaphore(config.workers());
        ScheduledThreadPoolExecutor timeouts =
                new ScheduledThreadPoolExecutor(1, r -> daemon(r, "dubbo-ai-batch-timeout-" + model));
        // a claimed request cancels its timeout; drop it from the timer's queue instead of keeping it until it is due
        timeouts.setRemoveOnCancelPolicy(true);
        this.timer = timeouts;
    }

    /** Starts the worker threads. */
    public synchronized void start() {
        if (!workers.isEmpty()) {
            throw new IllegalStateException("batcher of model '" + model + "' is already started");
        }
        for (int i = 0; i < config.workers(); i++) {
            Thread worker = daemon(this::work, "dubbo-ai-batch-" + model + "-" + i);
            workers.add(worker);
            worker.start();
        }
    }

    /**
     * Queues a request.
     *
     * @param inputs the validated inputs, all with the same first dimension {@code requestRows}
     * @param outputs output names to return; empty for all
     * @return completes with this request's rows of each output, or fails with a {@link ServingException} of kind
     *     {@code OVERLOADED}, {@code QUEUE_TIMEOUT}, {@code INVALID_INPUT}, {@code NOT_READY} or {@code RUNTIME}
     */
    public CompletableFuture<Map<String, Tensor>> submit(
            Map<String, Tensor> inputs, Set<String> outputs, int requestRows) {
        if (requestRows > config.maxBatchSize()) {
            return CompletableFuture.failedFuture(new ServingException(
                    ErrorKind.INVALID_INPUT,
                    model,
                    "request for model '" + model + "' has " + requestRows + " rows, more than the max batch size "
                            + config.maxBatchSize() + "; split it into requests of at most " + config.maxBatchSize()
                            + " rows"));
        }
        if (closed) {
            return CompletableFuture.failedFuture(shuttingDown());
        }
        Pending pending = new Pending(inputs, outputs, requestRows, nanoClock.getAsLong());
        if (config.maxQueueDelay().isZero() && claimIdle()) {
            pending.state.set(CLAIMED);
            run(List.of(pending));
            return pending.result;
        }
        if (!queue.offer(pending)) {
            observer.rejected(ErrorKind.OVERLOADED);
            return CompletableFuture.failedFuture(new ServingException(
                    ErrorKind.OVERLOADED,
                    model,
                    "model '" + model + "' is overloaded: its batching queue holds " + config.maxQueueSize()
                            + " requests (max-queue-size); retry later, on another provider, or scale out"));
        }
        try {
            pending.timeout =
                    timer.schedule(() -> expire(pending), config.queueTimeout().toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            // close() stopped the timer after this request passed the closed check
            withdraw(pending);
            return pending.result;
        }
        if (closed) {
            // close() may have drained the queue before this request entered it and its workers may be gone:
            // take it back unless a worker or the drain claimed it already
            withdraw(pending);
        }
        return pending.result;
    }

    /** Fails a queued request as "shutting down" if nothing else claimed it. */
    private void withdraw(Pending pending) {
        if (pending.claim()) {
            queue.remove(pending);
            pending.result.completeExceptionally(shuttingDown());
        }
    }

    private ServingException shuttingDown() {
        return new ServingException(
                ErrorKind.NOT_READY,
                model,
                "model '" + model + "' is shutting down and takes no new requests; retry on another provider");
    }

    /** Requests waiting to be batched now. */
    public int queueDepth() {
        return queue.size();
    }

    /** Batches run so far. */
    public long batchCount() {
        return batches.get();
    }

    /** Rows run so far, over all batches. */
    public long rowCount() {
        return rows.get();
    }

    /** The configuration in force. */
    public BatchingConfig config() {
        return config;
    }

    /** Stops taking requests, runs what is queued, and stops the workers; waits at most {@code timeoutMillis}. */
    public void close(long timeoutMillis) {
        closed = true;
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        for (Thread worker : workers) {
            long left = deadline - System.nanoTime();
            try {
                worker.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        timer.shutdownNow();
        Pending left = takeCarried();
        if (left != null) {
            withdraw(left);
        }
        Pending rest;
        while ((rest = queue.poll()) != null) {
            if (rest.claim()) {
                rest.result.completeExceptionally(new ServingException(
                        ErrorKind.NOT_READY, model, "model '" + model + "' shut down before this request ran"));
            }
        }
    }

    @Override
    public void close() {
        close(TimeUnit.SECONDS.toMillis(30));
    }

    private void expire(Pending pending) {
        if (pending.state.compareAndSet(QUEUED, EXPIRED)) {
            queue.remove(pending);
            long waitedMillis = TimeUnit.NANOSECONDS.toMillis(nanoClock.getAsLong() - pending.enqueuedNanos);
            observer.rejected(ErrorKind.QUEUE_TIMEOUT);
            pending.result.completeExceptionally(new ServingException(
                    ErrorKind.QUEUE_TIMEOUT,
                    model,
                    "request for model '" + model + "' waited " + waitedMillis + " ms in the batching queue, longer "
                            + "than the queue timeout of "
                            + config.queueTimeout().toMillis() + " ms ("
                            + queue.size() + " requests still queued); the provider is saturated: retry on another "
                            + "provider, add providers, or raise the queue timeout"));
        }
    }

    private void work() {
        while (!closed || !queue.isEmpty() || carried != null) {
            try {
                Pending head = takeCarried();
                if (head == null) {
                    // idle: wait for a request holding neither a run permit nor the formation lock, so that an
                    // arriving request can take the caller-thread path
                    head = queue.poll(IDLE_POLL_NANOS, TimeUnit.NANOSECONDS);
                }
                if (head == null) {
                    continue;
                }
                permits.acquire();
                try {
                    List<Pending> batch = formBatch(head);
                    if (!batch.isEmpty()) {
                        runBatch(batch);
                    }
                } finally {
                    permits.release();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private @Nullable Pending takeCarried() {
        formation.lock();
        try {
            Pending head = carried;
            carried = null;
            return head;
        } finally {
            formation.unlock();
        }
    }

    /** Claims {@code head} (or, if it expired, the next live queued request) and adds company; see the class doc. */
    private List<Pending> formBatch(Pending head) throws InterruptedException {
        formation.lockInterruptibly();
        try {
            Pending first = head;
            while (first != null && !first.claim()) {
                first = queue.poll();
            }
            if (first == null) {
                return List.of();
            }
            List<Pending> batch = new ArrayList<>();
            batch.add(first);
            int batchRows = first.rows;
            long deadline = first.enqueuedNanos + config.maxQueueDelay().toNanos();
            while (batchRows < config.maxBatchSize()) {
                if (config.preferredBatchSizes().contains(batchRows) && queue.isEmpty()) {
                    break;
                }
                long left = deadline - nanoClock.getAsLong();
                Pending next = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : queue.poll();
                if (next == null) {
                    break;
                }
                if (batchRows + next.rows > config.maxBatchSize()) {
                    carried = next;
                    break;
                }
                if (next.claim()) {
                    batch.add(next);
                    batchRows += next.rows;
                }
            }
            return batch;
        } finally {
            formation.unlock();
        }
    }

    /** Takes a run permit when nothing is queued or carried and a permit is free; false otherwise. */
    private boolean claimIdle() {
        return queue.isEmpty() && carried == null && permits.tryAcquire();
    }

    /** Runs a batch on the caller's thread with the permit taken by {@link #claimIdle()}. */
    private void run(List<Pending> batch) {
        try {
            runBatch(batch);
        } finally {
            permits.release();
        }
    }

    private void runBatch(List<Pending> batch) {
        int batchRows = batch.stream().mapToInt(p -> p.rows).sum();
        batches.incrementAndGet();
        rows.addAndGet(batchRows);
        observer.batchRun(batchRows);
        if (observeWaits) {
            long started = nanoClock.getAsLong();
            for (Pending pending : batch) {
                observer.waited(Math.max(0, started - pending.enqueuedNanos));
            }
        }
        try {
            if (batch.size() == 1) {
                Pending only = batch.get(0);
                only.result.complete(select(runner.run(only.inputs), only.outputs));
                return;
            }
            Map<String, Tensor> stacked = new LinkedHashMap<>();
            for (String name : batch.get(0).inputs.keySet()) {
                List<Tensor> parts = new ArrayList<>(batch.size());
                for (Pending pending : batch) {
                    parts.add(pending.inputs.get(name));
                }
                stacked.put(name, Tensor.concat(parts));
            }
            Map<String, Tensor> outputs = runner.run(stacked);
            for (Tensor output : outputs.values()) {
                if (output.rank() == 0 || output.dim(0) != batchRows) {
                    throw new ServingException(
                            ErrorKind.RUNTIME,
                            model,
                            "output '" + output.name() + "' of model '" + model + "' has shape "
                                    + java.util.Arrays.toString(output.shape()) + " for a batch of " + batchRows
                                    + " rows; the model does not keep rows apart along the first dimension: set "
                                    + "batching mode OFF for it");
                }
            }
            int offset = 0;
            for (Pending pending : batch) {
                Map<String, Tensor> own = new LinkedHashMap<>();
                for (Tensor output : outputs.values()) {
                    if (pending.outputs.isEmpty() || pending.outputs.contains(output.name())) {
                        own.put(output.name(), output.slice(offset, pending.rows));
                    }
                }
                offset += pending.rows;
                pending.result.complete(own);
            }
        } catch (RuntimeException e) {
            for (Pending pending : batch) {
                pending.result.completeExceptionally(e);
            }
        }
    }

    private static Map<String, Tensor> select(Map<String, Tensor> outputs, Set<String> wanted) {
        if (wanted.isEmpty()) {
            return outputs;
        }
        Map<String, Tensor> selected = new LinkedHashMap<>();
        outputs.forEach((name, tensor) -> {
            if (wanted.contains(name)) {
                selected.put(name, tensor);
            }
        });
        return selected;
    }

    private static Thread daemon(Runnable runnable, String name) {
        Thread thread = new Thread(runnable, name);
        thread.setDaemon(true);
        return thread;
    }

    /** One queued request. */
    private static final class Pending {
        final Map<String, Tensor> inputs;
        final Set<String> outputs;
        final int rows;
        final long enqueuedNanos;
        final CompletableFuture<Map<String, Tensor>> result = new CompletableFuture<>();
        final AtomicInteger state = new AtomicInteger(QUEUED);
        volatile @Nullable ScheduledFuture<?> timeout;

        Pending(Map<String, Tensor> inputs, Set<String> outputs, int rows, long enqueuedNanos) {
            this.inputs = inputs;
            this.outputs = outputs;
            this.rows = rows;
            this.enqueuedNanos = enqueuedNanos;
        }

        /** Takes the request for a batch; false when it has expired already. */
        boolean claim() {
            if (!state.compareAndSet(QUEUED, CLAIMED)) {
                return false;
            }
            ScheduledFuture<?> task = timeout;
            if (task != null) {
                task.cancel(false);
            }
            return true;
        }
    }
}
