package io.dubboai.serving.batch;

import io.dubboai.serving.ErrorKind;
import java.util.List;

/**
 * Told what a {@link DynamicBatcher} does: every batch it runs, how long each request waited in its queue, and every
 * request it turned away. Metrics hang here; the batcher itself keeps no statistics beyond its totals.
 *
 * <p>Calls come from the batcher's workers, from callers' threads (a request run at once on the caller's thread) and
 * from its timeout timer, concurrently; implementations must be thread-safe, quick, and must not throw. With
 * {@link #NONE} the batcher does not even read the clock for queue waits, so nobody listening costs nothing.
 *
 * <p>A lambda taking the row count is an observer of batch sizes only: {@code rows -> sizes.add(rows)}.
 */
@FunctionalInterface
public interface BatchObserver {

    /** Observes nothing. */
    BatchObserver NONE = rows -> {};

    /**
     * A batch ran.
     *
     * @param rows rows in the batch, {@code 1..maxBatchSize}
     */
    void batchRun(int rows);

    /**
     * A request left the queue for a batch, or ran at once on its caller's thread (a wait of 0).
     *
     * @param waitNanos time from {@code submit} to the start of the request's batch, in nanoseconds, {@code >= 0}
     */
    default void waited(long waitNanos) {}

    /**
     * A request was turned away: {@link ErrorKind#OVERLOADED} (the queue was full) or {@link ErrorKind#QUEUE_TIMEOUT}
     * (no batch took it within the queue timeout).
     */
    default void rejected(ErrorKind kind) {}

    /** One observer telling each of {@code observers} in turn; {@link #NONE} when none is left. */
    static BatchObserver all(List<BatchObserver> observers) {
        List<BatchObserver> active = observers.stream().filter(o -> o != NONE).toList();
        if (active.isEmpty()) {
            return NONE;
        }
        if (active.size() == 1) {
            return active.get(0);
        }
        return new BatchObserver() {
            @Override
            public void batchRun(int rows) {
                for (BatchObserver observer : active) {
                    observer.batchRun(rows);
                }
            }

            @Override
            public void waited(long waitNanos) {
                for (BatchObserver observer : active) {
                    observer.waited(waitNanos);
                }
            }

            @Override
            public void rejected(ErrorKind kind) {
                for (BatchObserver observer : active) {
                    observer.rejected(kind);
                }
            }
        };
    }
}
