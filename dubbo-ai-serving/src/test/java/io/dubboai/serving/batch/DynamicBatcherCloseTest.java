package io.dubboai.serving.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.dubboai.serving.ErrorKind;
import io.dubboai.serving.ServingException;
import io.dubboai.serving.tensor.Tensor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.RepeatedTest;

/** Requests that race {@link DynamicBatcher#close} end, one way or the other; none is left waiting. */
class DynamicBatcherCloseTest {

    private static final int SUBMITTERS = 4;
    private static final int REQUESTS_EACH = 200;

    @RepeatedTest(20)
    void requestsRacingCloseEitherRunOrFailAsShuttingDown() throws Exception {
        // a queue delay keeps requests on the queue path; the long queue timeout means only close() can end them
        BatchingConfig config =
                BatchingConfig.DEFAULTS.withBatch(8, Duration.ofMillis(1)).withQueue(Duration.ofMinutes(5), 100_000);
        DynamicBatcher batcher = new DynamicBatcher("m", config, inputs -> inputs, System::nanoTime, rows -> {});
        batcher.start();
        ConcurrentLinkedQueue<CompletableFuture<Map<String, Tensor>>> results = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Throwable> thrown = new ConcurrentLinkedQueue<>();
        CyclicBarrier start = new CyclicBarrier(SUBMITTERS + 1);
        List<Thread> submitters = new ArrayList<>();
        for (int t = 0; t < SUBMITTERS; t++) {
            Thread submitter = new Thread(() -> {
                try {
                    start.await();
                    for (int i = 0; i < REQUESTS_EACH; i++) {
                        Tensor x = Tensor.ofMatrix("x", new float[][] {{i}});
                        results.add(batcher.submit(Map.of("x", x), Set.of(), 1));
                    }
                } catch (Throwable e) {
                    thrown.add(e);
                }
            });
            submitters.add(submitter);
            submitter.start();
        }
        start.await();
        batcher.close(10_000);
        for (Thread submitter : submitters) {
            submitter.join();
        }

        assertThat(thrown).as("submit must not throw while the batcher closes").isEmpty();
        assertThat(results).hasSize(SUBMITTERS * REQUESTS_EACH);
        for (CompletableFuture<Map<String, Tensor>> result : results) {
            try {
                assertThat(result.get(10, TimeUnit.SECONDS)).containsKey("x");
            } catch (ExecutionException e) {
                assertThat(e.getCause()).isInstanceOfSatisfying(ServingException.class, s -> assertThat(s.kind())
                        .isEqualTo(ErrorKind.NOT_READY));
            } catch (TimeoutException e) {
                fail("a request submitted while the batcher closed was left waiting");
            }
        }
    }
}
