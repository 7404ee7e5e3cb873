package io.dubboai.router;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * What became of the copies of one model's calls mirrored to one shadow version, since the application started.
 * Counters only grow. Threading: any thread.
 */
public final class ShadowCounts {

    /** Least time between two warnings about one target, so a failing or slow shadow version cannot flood the log. */
    static final long WARN_INTERVAL_NANOS = 60_000_000_000L;

    private final String model;
    private final String version;
    private final LongAdder mirrored = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final AtomicLong lastDropWarning = new AtomicLong(Long.MIN_VALUE);
    private final AtomicLong lastFailureWarning = new AtomicLong(Long.MIN_VALUE);

    ShadowCounts(String model, String version) {
        this.model = model;
        this.version = version;
    }

    /** The model whose calls are copied. */
    public String model() {
        return model;
    }

    /** The shadow version the copies go to. */
    public String version() {
        return version;
    }

    /** Copies handed to the cluster to be sent (each is then answered, failed or timed out). */
    public long mirrored() {
        return mirrored.sum();
    }

    /** Copies not sent because {@link ShadowSettings#maxPending()} copies were pending, or the application stopped. */
    public long dropped() {
        return dropped.sum();
    }

    /** Mirrored copies that failed: no provider, an error or a timeout. Their callers never saw it. */
    public long failed() {
        return failed.sum();
    }

    void countMirrored() {
        mirrored.increment();
    }

    /** Counts a drop; true when the caller should warn (the first time in {@link #WARN_INTERVAL_NANOS}). */
    boolean countDropped(long nowNanos) {
        dropped.increment();
        return due(lastDropWarning, nowNanos);
    }

    /** Counts a failure; true when the caller should warn. */
    boolean countFailed(long nowNanos) {
        failed.increment();
        return due(lastFailureWarning, nowNanos);
    }

    private static boolean due(AtomicLong last, long nowNanos) {
        long previous = last.get();
        return (previous == Long.MIN_VALUE || nowNanos - previous >= WARN_INTERVAL_NANOS)
                && last.compareAndSet(previous, nowNanos);
    }

    @Override
    public String toString() {
        return "shadow copies of model '" + model + "' to version '" + version + "': mirrored " + mirrored()
                + ", dropped " + dropped() + ", failed " + failed();
    }
}
