package io.dubboai.serving.batch;

import java.time.Duration;
import java.util.List;

/**
 * Dynamic batching settings of one model, after Triton's {@code dynamic_batching} block.
 *
 * @param mode {@link Mode#AUTO} (default) batches when every input and output has a variable first dimension;
 *     {@link Mode#ON} requires it; {@link Mode#OFF} runs every request alone
 * @param maxBatchSize most rows in one runtime call, {@code >= 1}; a single request with more rows is rejected
 * @param maxQueueDelay longest time the first request of a batch waits for company, {@code >= 0}
 * @param preferredBatchSizes row counts at which a batch is sent at once when nothing more is waiting; each in
 *     {@code [1, maxBatchSize]}
 * @param queueTimeout longest time a request may wait in the queue before it fails with {@code QUEUE_TIMEOUT},
 *     {@code > 0}
 * @param maxQueueSize most requests waiting in the queue (besides one per worker held while it waits for a run
 *     permit); one more is rejected with {@code OVERLOADED}, {@code >= 1}
 * @param workers threads that form and run batches concurrently (Triton's instance count), {@code >= 1}
 */
public record BatchingConfig(
        Mode mode,
        int maxBatchSize,
        Duration maxQueueDelay,
        List<Integer> preferredBatchSizes,
        Duration queueTimeout,
        int maxQueueSize,
        int workers) {

    /** Default largest batch: 32 rows. */
    public static final int DEFAULT_MAX_BATCH_SIZE = 32;
    /** Default queue delay: 2 ms. */
    public static final Duration DEFAULT_MAX_QUEUE_DELAY = Duration.ofMillis(2);
    /** Default queue timeout: 5 s. */
    public static final Duration DEFAULT_QUEUE_TIMEOUT = Duration.ofSeconds(5);
    /** Default queue bound: 1024 requests. */
    public static final int DEFAULT_MAX_QUEUE_SIZE = 1024;

    /** The defaults: AUTO, 32 rows, 2 ms delay, no preferred sizes, 5 s queue timeout, 1024 queued, 1 worker. */
    public static final BatchingConfig DEFAULTS = new BatchingConfig(
            Mode.AUTO,
            DEFAULT_MAX_BATCH_SIZE,
            DEFAULT_MAX_QUEUE_DELAY,
            List.of(),
            DEFAULT_QUEUE_TIMEOUT,
            DEFAULT_MAX_QUEUE_SIZE,
            1);

    /** Batching switched off. */
    public static final BatchingConfig OFF = DEFAULTS.withMode(Mode.OFF);

    /** Validates every field; messages name the field and the bad value. */
    public BatchingConfig {
        if (maxBatchSize < 1) {
            throw new IllegalArgumentException("maxBatchSize must be >= 1, but was " + maxBatchSize);
        }
        if (maxQueueDelay.isNegative()) {
            throw new IllegalArgumentException("maxQueueDelay must not be negative, but was " + maxQueueDelay);
        }
        if (queueTimeout.isZero() || queueTimeout.isNegative()) {
            throw new IllegalArgumentException("queueTimeout must be > 0, but was " + queueTimeout);
        }
        if (maxQueueSize < 1) {
            throw new IllegalArgumentException("maxQueueSize must be >= 1, but was " + maxQueueSize);
        }
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be >= 1, but was " + workers);
        }
        preferredBatchSizes = List.copyOf(preferredBatchSizes);
        for (int size : preferredBatchSizes) {
            if (size < 1 || size > maxBatchSize) {
                throw new IllegalArgumentException("preferred batch size " + size + " must be in [1, maxBatchSize="
                        + maxBatchSize + "]; preferredBatchSizes was " + preferredBatchSizes);
            }
        }
    }

    /** A copy with another mode. */
    public BatchingConfig withMode(Mode newMode) {
        return new BatchingConfig(
                newMode, maxBatchSize, maxQueueDelay, preferredBatchSizes, queueTimeout, maxQueueSize, workers);
    }

    /** A copy with another batch size bound and queue delay. */
    public BatchingConfig withBatch(int newMaxBatchSize, Duration newMaxQueueDelay) {
        return new BatchingConfig(
                mode, newMaxBatchSize, newMaxQueueDelay, preferredBatchSizes, queueTimeout, maxQueueSize, workers);
    }

    /** A copy with other preferred batch sizes. */
    public BatchingConfig withPreferredBatchSizes(List<Integer> sizes) {
        return new BatchingConfig(mode, maxBatchSize, maxQueueDelay, sizes, queueTimeout, maxQueueSize, workers);
    }

    /** A copy with another queue timeout and queue bound. */
    public BatchingConfig withQueue(Duration newQueueTimeout, int newMaxQueueSize) {
        return new BatchingConfig(
                mode, maxBatchSize, maxQueueDelay, preferredBatchSizes, newQueueTimeout, newMaxQueueSize, workers);
    }

    /** A copy with another number of workers. */
    public BatchingConfig withWorkers(int newWorkers) {
        return new BatchingConfig(
                mode, maxBatchSize, maxQueueDelay, preferredBatchSizes, queueTimeout, maxQueueSize, newWorkers);
    }

    /** When batching applies. */
    public enum Mode {
        /** Batch when the model's signature has a batch dimension; the default. */
        AUTO,
        /** Batch; loading fails when the model has no batch dimension. */
        ON,
        /** Never batch. */
        OFF
    }
}
