package io.dubboai.monitor.sketch;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Samples requests off the hot path: the call's thread decides with one random draw whether a request is sampled
 * ({@link #sample()}) and, if so, {@link #offer offers} the request object itself to a bounded queue, never blocking
 * and never copying; a daemon thread takes requests from the queue, decodes them with the {@link FeatureExtractor}
 * and updates the {@link WindowedSketches}. When the queue is full the request is dropped and counted ({@link
 * #dropped()}): sketches lose a sample, calls lose nothing. Requests must not be changed after they are offered
 * (protobuf messages and the tensors of a served request are not).
 *
 * @param <T> the request type
 */
public final class SketchSampler<T> implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SketchSampler.class);

    private final String name;
    private final double sampleRate;
    private final FeatureExtractor<T> extractor;
    private final WindowedSketches sketches;
    private final BlockingQueue<T> queue;
    private final LongAdder sampled = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder unreadable = new LongAdder();
    private final Thread worker;
    private volatile boolean closed;

    /**
     * Starts the sketching thread.
     *
     * @param name for the thread's name and logs, e.g. the model and version
     */
    public SketchSampler(String name, SketchConfig config, FeatureExtractor<T> extractor, WindowedSketches sketches) {
        this.name = name;
        this.sampleRate = config.sampleRate();
        this.extractor = extractor;
        this.sketches = sketches;
        this.queue = new ArrayBlockingQueue<>(config.queueCapacity());
        this.worker = new Thread(this::work, "dubbo-ai-sketch-" + name);
        this.worker.setDaemon(true);
        this.worker.start();
    }

    /** Whether this call's request should be sampled: one random draw, no allocation. */
    public boolean sample() {
        return sampleRate > 0 && (sampleRate >= 1 || ThreadLocalRandom.current().nextDouble() < sampleRate);
    }

    /** Queues {@code request} for sketching; drops and counts it when the queue is full or the sampler closed. */
    public void offer(T request) {
        if (closed || !queue.offer(request)) {
            dropped.increment();
        }
    }

    private void work() {
        while (!closed || !queue.isEmpty()) {
            T request;
            try {
                request = queue.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (request == null) {
                continue;
            }
            try {
                extractor.extract(request, sketches);
                sampled.increment();
            } catch (RuntimeException e) {
                unreadable.increment();
                log.debug("Sampled request of {} not sketched: {}", name, e.getMessage());
            }
        }
    }

    /** The sketches. */
    public WindowedSketches sketches() {
        return sketches;
    }

    /** Requests sketched so far. */
    public long sampled() {
        return sampled.sum();
    }

    /** Sampled requests dropped because the queue was full. */
    public long dropped() {
        return dropped.sum();
    }

    /** Sampled requests the extractor could not read. */
    public long unreadable() {
        return unreadable.sum();
    }

    /** Requests waiting in the queue. */
    public int queued() {
        return queue.size();
    }

    /** Sketches what is queued (waiting at most {@code timeoutMillis}) and stops the thread. Idempotent. */
    public void close(long timeoutMillis) {
        closed = true;
        try {
            worker.join(Math.max(1, timeoutMillis));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        close(5_000);
    }
}
