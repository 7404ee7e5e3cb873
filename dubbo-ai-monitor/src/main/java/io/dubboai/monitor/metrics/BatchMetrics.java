package io.dubboai.monitor.metrics;

import io.dubboai.serving.ErrorKind;
import io.dubboai.serving.batch.BatchObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The batcher's meters of one model service: {@link ModelMetricNames#BATCH_SIZE}, {@link
 * ModelMetricNames#BATCH_QUEUE_WAIT} and {@link ModelMetricNames#BATCH_REJECTIONS}. A {@link BatchObserver}: the
 * batcher calls it, every meter is built here once.
 */
public final class BatchMetrics implements BatchObserver {

    private final DistributionSummary batchSize;
    private final Timer queueWait;
    private final Counter overloaded;
    private final Counter queueTimeout;

    /**
     * @param tags the service's base tags ({@link CallMetrics#tags})
     * @param maxBatchSize the batcher's largest batch: the top of the batch-size histogram
     */
    public BatchMetrics(MeterRegistry registry, Tags tags, int maxBatchSize) {
        this.batchSize = DistributionSummary.builder(ModelMetricNames.BATCH_SIZE)
                .description("Rows per runtime call of the dynamic batcher")
                .baseUnit("rows")
                .tags(tags)
                .serviceLevelObjectives(powersOfTwoUpTo(maxBatchSize))
                .minimumExpectedValue(1.0)
                .maximumExpectedValue((double) Math.max(1, maxBatchSize))
                .register(registry);
        this.queueWait = Timer.builder(ModelMetricNames.BATCH_QUEUE_WAIT)
                .description("Time a request waited in the batching queue before its batch started")
                .tags(tags)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(100_000))
                .maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry);
        this.overloaded = rejections(registry, tags, ErrorKind.OVERLOADED);
        this.queueTimeout = rejections(registry, tags, ErrorKind.QUEUE_TIMEOUT);
    }

    private static Counter rejections(MeterRegistry registry, Tags tags, ErrorKind kind) {
        return Counter.builder(ModelMetricNames.BATCH_REJECTIONS)
                .description("Requests the batcher turned away: queue full (overloaded) or not started in time")
                .tags(tags)
                .tag(ModelMetricNames.TAG_REASON, kind.name().toLowerCase(Locale.ROOT))
                .register(registry);
    }

    /** 1, 2, 4, … up to and including {@code max} (which need not be a power of two). */
    static double[] powersOfTwoUpTo(int max) {
        int top = Math.max(1, max);
        int count = 32 - Integer.numberOfLeadingZeros(top);
        boolean exact = Integer.bitCount(top) == 1;
        double[] buckets = new double[exact ? count : count + 1];
        for (int i = 0; i < count; i++) {
            buckets[i] = 1 << i;
        }
        if (!exact) {
            buckets[count] = top;
        }
        return buckets;
    }

    @Override
    public void batchRun(int rows) {
        batchSize.record(rows);
    }

    @Override
    public void waited(long waitNanos) {
        queueWait.record(waitNanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void rejected(ErrorKind kind) {
        if (kind == ErrorKind.OVERLOADED) {
            overloaded.increment();
        } else if (kind == ErrorKind.QUEUE_TIMEOUT) {
            queueTimeout.increment();
        }
    }
}
