package io.dubboai.monitor.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dubboai.serving.ErrorKind;
import io.dubboai.serving.ServingException;
import io.dubboai.serving.batch.BatchingConfig;
import io.dubboai.serving.batch.DynamicBatcher;
import io.dubboai.serving.engine.ModelEngine;
import io.dubboai.serving.tensor.Tensor;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The batcher's meters, fed by a real {@link DynamicBatcher}. */
class BatchMetricsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final Tags tags = CallMetrics.tags("fraud", "2", "cpu", null);

    @Test
    void batcher_fullQueueAndQueueTimeout_areCountedAsRejectionsBySizeAndWait() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        BatchingConfig config =
                BatchingConfig.DEFAULTS.withBatch(4, Duration.ofMillis(1)).withQueue(Duration.ofMillis(300), 2);
        BatchMetrics metrics = new BatchMetrics(registry, tags, config.maxBatchSize());
        try (DynamicBatcher batcher = new DynamicBatcher(
                "fraud",
                config,
                inputs -> {
                    running.countDown();
                    await(release);
                    return inputs;
                },
                System::nanoTime,
                metrics)) {
            batcher.start();
            // the only worker runs the first request and holds it until released
            CompletableFuture<?> first = batcher.submit(rows(1), Set.of(), 1);
            assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
            CompletableFuture<?> second = batcher.submit(rows(2), Set.of(), 2);
            CompletableFuture<?> third = batcher.submit(rows(1), Set.of(), 1);
            // the queue holds two (max-queue-size 2): the next is turned away
            CompletableFuture<?> rejected = awaitRejection(batcher);
            assertThatThrownBy(() -> ModelEngine.join(rejected))
                    .isInstanceOfSatisfying(
                            ServingException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.OVERLOADED));
            // nothing is released before the queue timeout: the queued ones expire
            assertThatThrownBy(() -> ModelEngine.join(third))
                    .isInstanceOfSatisfying(
                            ServingException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.QUEUE_TIMEOUT));
            release.countDown();
            ModelEngine.join(first);
            ignoreFailure(second);
        }

        assertThat(registry.get(ModelMetricNames.BATCH_REJECTIONS)
                        .tags(tags)
                        .tag(ModelMetricNames.TAG_REASON, "overloaded")
                        .counter()
                        .count())
                .isGreaterThanOrEqualTo(1);
        assertThat(registry.get(ModelMetricNames.BATCH_REJECTIONS)
                        .tag(ModelMetricNames.TAG_REASON, "queue_timeout")
                        .counter()
                        .count())
                .isGreaterThanOrEqualTo(1);
        // the first batch ran one row; every request that ran reported its queue wait
        assertThat(registry.get(ModelMetricNames.BATCH_SIZE).summary().count()).isGreaterThanOrEqualTo(1);
        assertThat(registry.get(ModelMetricNames.BATCH_QUEUE_WAIT).timer().count())
                .isEqualTo((long)
                        registry.get(ModelMetricNames.BATCH_SIZE).summary().count());
    }

    @Test
    void batchSize_histogramBucketsArePowersOfTwoUpToTheMaxBatchSize() {
        assertThat(BatchMetrics.powersOfTwoUpTo(32)).containsExactly(1, 2, 4, 8, 16, 32);
        assertThat(BatchMetrics.powersOfTwoUpTo(48)).containsExactly(1, 2, 4, 8, 16, 32, 48);
        assertThat(BatchMetrics.powersOfTwoUpTo(1)).containsExactly(1);

        BatchMetrics metrics = new BatchMetrics(registry, tags, 48);
        metrics.batchRun(3);
        metrics.batchRun(40);
        CountAtBucket[] buckets = registry.get(ModelMetricNames.BATCH_SIZE)
                .summary()
                .takeSnapshot()
                .histogramCounts();
        assertThat(buckets).anySatisfy(b -> {
            assertThat(b.bucket()).isEqualTo(4.0);
            assertThat(b.count()).isEqualTo(1.0);
        });
        assertThat(buckets).anySatisfy(b -> {
            assertThat(b.bucket()).isEqualTo(48.0);
            assertThat(b.count()).isEqualTo(2.0);
        });
    }

    private static CompletableFuture<?> awaitRejection(DynamicBatcher batcher) {
        for (int i = 0; i < 4; i++) {
            CompletableFuture<?> next = batcher.submit(rows(1), Set.of(), 1);
            if (next.isCompletedExceptionally()) {
                return next;
            }
        }
        throw new AssertionError("the batcher never reported its queue full");
    }

    private static void ignoreFailure(CompletableFuture<?> future) {
        try {
            future.get(10, TimeUnit.SECONDS);
        } catch (Exception expected) {
            // expired or ran: either is fine here
        }
    }

    private static Map<String, Tensor> rows(int count) {
        return Map.of("x", Tensor.ofMatrix("x", new float[count][2]));
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
