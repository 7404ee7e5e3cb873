package io.dubboai.serving.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dubboai.serving.ErrorKind;
import io.dubboai.serving.ServingException;
import io.dubboai.serving.TestModels;
import io.dubboai.serving.batch.BatchingConfig;
import io.dubboai.serving.loader.LoadOptions;
import io.dubboai.serving.loader.OnnxModelLoader;
import io.dubboai.serving.tensor.Tensor;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The unbatched path: one bounded FIFO queue with admission control and a queue timeout, as with batching. */
class ModelEngineQueueTest {

    @TempDir
    Path dir;

    private BlockingModel model(long seed) {
        TestModels.ModelFile file = TestModels.mlp(dir, seed);
        BlockingModel model = new BlockingModel(new OnnxModelLoader().load("mlp", file.path(), LoadOptions.DEFAULTS));
        model.release.countDown();
        return model;
    }

    private static ModelEngine engine(BlockingModel model, BatchingConfig batching) {
        ModelConfig config = ModelConfig.onnx("mlp", "1", "file:///unused", "0".repeat(64))
                .withBatching(batching)
                .withWarmup(new WarmupConfig(1, 1, 7));
        ModelEngine engine = new ModelEngine(config, model, System::nanoTime, rows -> {});
        engine.warmUp();
        model.firstValues.clear();
        return engine;
    }

    @Test
    void unbatchedRequestsAreQueuedWithoutBlockingTheCallerAndRunInArrivalOrder() throws Exception {
        BlockingModel model = model(21);
        try (ModelEngine engine = engine(model, BatchingConfig.OFF.withQueue(Duration.ofSeconds(30), 16))) {
            assertThat(engine.batching()).isFalse();
            model.block();
            // the idle queue runs the first request on the calling thread: call from another one
            CompletableFuture<Map<String, Tensor>> running =
                    CompletableFuture.supplyAsync(() -> engine.inferBlocking(row(0), Set.of()));
            assertThat(model.entered.await(10, TimeUnit.SECONDS)).isTrue();
            List<CompletableFuture<Map<String, Tensor>>> queued = new ArrayList<>();
            for (int i = 1; i <= 10; i++) {
                queued.add(engine.infer(row(i), Set.of()));
            }
            // the caller got ten futures back while the model is held: none of them held this thread
            assertThat(queued).noneMatch(CompletableFuture::isDone);
            assertThat(engine.inFlight()).isEqualTo(11);
            assertThat(engine.queueDepth()).as("one may be in a worker's hand").isBetween(9, 10);

            model.release.countDown();
            assertThat(running.get(10, TimeUnit.SECONDS)).containsKey("probabilities");
            for (CompletableFuture<Map<String, Tensor>> each : queued) {
                assertThat(ModelEngine.join(each)).containsKey("probabilities");
            }
            assertThat(model.firstValues)
                    .as("runs in arrival order")
                    .containsExactlyElementsOf(IntStream.rangeClosed(0, 10)
                            .mapToObj(i -> (float) i)
                            .toList());
        }
    }

    @Test
    void unbatchedFullQueueIsOverloadedAndAWaitPastTheQueueTimeoutFails() throws Exception {
        BlockingModel model = model(22);
        List<ServingException> reported = new ArrayList<>();
        try (ModelEngine engine = engine(model, BatchingConfig.OFF.withQueue(Duration.ofMillis(300), 2))) {
            engine.addRequestListener((accepted, answered, failure) -> {
                if (failure != null) {
                    synchronized (reported) {
                        reported.add(failure);
                    }
                }
            });
            model.block();
            CompletableFuture<Map<String, Tensor>> running =
                    CompletableFuture.supplyAsync(() -> engine.inferBlocking(row(0), Set.of()));
            assertThat(model.entered.await(10, TimeUnit.SECONDS)).isTrue();
            // the worker takes the next request out of the queue and waits for the run permit with it in hand
            CompletableFuture<Map<String, Tensor>> held = engine.infer(row(1), Set.of());
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> engine.queueDepth() == 0);
            CompletableFuture<Map<String, Tensor>> queued1 = engine.infer(row(2), Set.of());
            CompletableFuture<Map<String, Tensor>> queued2 = engine.infer(row(3), Set.of());

            assertThatThrownBy(() -> engine.inferBlocking(row(4), Set.of()))
                    .isInstanceOfSatisfying(
                            ServingException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.OVERLOADED))
                    .hasMessageContaining("holds 2 requests");
            for (CompletableFuture<Map<String, Tensor>> waiting : List.of(held, queued1, queued2)) {
                assertThatThrownBy(() -> ModelEngine.join(waiting))
                        .isInstanceOfSatisfying(ServingException.class, e -> assertThat(e.kind())
                                .isEqualTo(ErrorKind.QUEUE_TIMEOUT))
                        .hasMessageContaining("queue timeout of 300 ms");
            }
            model.release.countDown();
            assertThat(running.get(10, TimeUnit.SECONDS)).containsKey("probabilities");
            assertThat(engine.inferBlocking(row(5), Set.of()))
                    .as("still serving")
                    .containsKey("probabilities");
            assertThat(model.firstValues).as("expired requests never ran").containsExactly(0f, 5f);
            synchronized (reported) {
                assertThat(reported)
                        .extracting(ServingException::kind)
                        .containsExactlyInAnyOrder(
                                ErrorKind.OVERLOADED,
                                ErrorKind.QUEUE_TIMEOUT,
                                ErrorKind.QUEUE_TIMEOUT,
                                ErrorKind.QUEUE_TIMEOUT);
            }
        }
    }

    /** One row whose every feature is {@code value}, so runs can be told apart. */
    private static List<Tensor> row(int value) {
        float[][] rows = new float[1][TestModels.FEATURES];
        java.util.Arrays.fill(rows[0], value);
        return List.of(Tensor.ofMatrix("features", rows));
    }
}
