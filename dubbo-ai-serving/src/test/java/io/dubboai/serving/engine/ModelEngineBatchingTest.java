package io.dubboai.serving.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.dubboai.core.model.ModelSignature;
import io.dubboai.serving.ErrorKind;
import io.dubboai.serving.ServingException;
import io.dubboai.serving.TestModels;
import io.dubboai.serving.batch.BatchingConfig;
import io.dubboai.serving.loader.LoadOptions;
import io.dubboai.serving.loader.LoadedModel;
import io.dubboai.serving.loader.OnnxModelLoader;
import io.dubboai.serving.tensor.Tensor;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dynamic batcher on a real ONNX Runtime session of the MLP test model. */
class ModelEngineBatchingTest {

    private static final int CALLERS = 64;

    @TempDir
    Path dir;

    private ModelEngine engine(
            TestModels.ModelFile file, BatchingConfig batching, ConcurrentLinkedQueue<Integer> sizes) {
        return engine(new OnnxModelLoader().load("mlp", file.path(), LoadOptions.DEFAULTS), batching, sizes);
    }

    private static ModelEngine engine(
            LoadedModel model, BatchingConfig batching, ConcurrentLinkedQueue<Integer> sizes) {
        ModelConfig config = ModelConfig.onnx("mlp", "1", "file:///unused", "0".repeat(64))
                .withBatching(batching)
                .withWarmup(new WarmupConfig(2, 1, 7));
        ModelEngine engine = new ModelEngine(config, model, System::nanoTime, sizes::add);
        engine.warmUp();
        return engine;
    }

    @Test
    void concurrentCallersAreBatchedAndEachGetsItsOwnRows() throws Exception {
        TestModels.ModelFile file = TestModels.mlp(dir, 11);
        ConcurrentLinkedQueue<Integer> sizes = new ConcurrentLinkedQueue<>();
        BatchingConfig batching = BatchingConfig.DEFAULTS.withBatch(64, Duration.ofMillis(20));
        List<float[][]> requests = new ArrayList<>();
        for (int i = 0; i < CALLERS; i++) {
            requests.add(TestModels.features(1 + i % 3, 1000 + i));
        }
        try (ModelEngine batched = engine(file, batching, sizes);
                ModelEngine unbatched = engine(file, BatchingConfig.OFF, new ConcurrentLinkedQueue<>())) {
            assertThat(batched.batching()).isTrue();
            assertThat(unbatched.batching()).isFalse();
            sizes.clear();
            ExecutorService pool = Executors.newFixedThreadPool(CALLERS);
            CyclicBarrier start = new CyclicBarrier(CALLERS);
            List<CompletableFuture<Tensor>> results = new ArrayList<>();
            for (float[][] rows : requests) {
                results.add(CompletableFuture.supplyAsync(
                        () -> {
                            await(start);
                            return batched.inferBlocking(List.of(Tensor.ofMatrix("features", rows)), Set.of())
                                    .get("probabilities");
                        },
                        pool));
            }
            for (int i = 0; i < CALLERS; i++) {
                Tensor got = results.get(i).get(30, TimeUnit.SECONDS);
                Tensor expected = unbatched
                        .inferBlocking(List.of(Tensor.ofMatrix("features", requests.get(i))), Set.of())
                        .get("probabilities");
                assertThat(got.shape()).as("caller %d shape", i).containsExactly(requests.get(i).length, 3);
                assertFloatsClose(got.floats(), expected.floats());
            }
            pool.shutdown();
            assertThat(sizes).as("rows per runtime call").anyMatch(size -> size > 1);
            assertThat(sizes.stream().mapToInt(Integer::intValue).sum())
                    .as("every row ran exactly once")
                    .isEqualTo(requests.stream().mapToInt(r -> r.length).sum());
        }
    }

    @Test
    void requestWaitingLongerThanQueueTimeoutFailsWithQueueTimeout() throws Exception {
        TestModels.ModelFile file = TestModels.mlp(dir, 12);
        BlockingModel model = new BlockingModel(new OnnxModelLoader().load("mlp", file.path(), LoadOptions.DEFAULTS));
        BatchingConfig batching =
                BatchingConfig.DEFAULTS.withBatch(1, Duration.ZERO).withQueue(Duration.ofMillis(200), 16);
        model.release.countDown();
        try (ModelEngine engine = engine(model, batching, new ConcurrentLinkedQueue<>())) {
            model.block();
            // the idle batcher runs the first request on the calling thread: call from another one
            CompletableFuture<Map<String, Tensor>> running =
                    CompletableFuture.supplyAsync(() -> engine.inferBlocking(row(), Set.of()));
            assertThat(model.entered.await(10, TimeUnit.SECONDS)).isTrue();
            CompletableFuture<Map<String, Tensor>> waiting = engine.infer(row(), Set.of());

            assertThatThrownBy(() -> ModelEngine.join(waiting))
                    .isInstanceOfSatisfying(
                            ServingException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.QUEUE_TIMEOUT))
                    .hasMessageContaining("waited")
                    .hasMessageContaining("queue timeout of 200 ms");
            model.release.countDown();
            assertThat(ModelEngine.join(running)).containsKey("probabilities");
            assertThat(engine.inferBlocking(row(), Set.of()))
                    .as("still serving")
                    .containsKey("probabilities");
        }
    }

    @Test
    void fullQueueRejectsWithOverloaded() throws Exception {
        TestModels.ModelFile file = TestModels.mlp(dir, 13);
        BlockingModel model = new BlockingModel(new OnnxModelLoader().load("mlp", file.path(), LoadOptions.DEFAULTS));
        BatchingConfig batching =
                BatchingConfig.DEFAULTS.withBatch(1, Duration.ZERO).withQueue(Duration.ofSeconds(30), 2);
        model.release.countDown();
        try (ModelEngine engine = engine(model, batching, new ConcurrentLinkedQueue<>())) {
            model.block();
            // the idle batcher runs the first request on the calling thread: call from another one
            CompletableFuture<Map<String, Tensor>> running =
                    CompletableFuture.supplyAsync(() -> engine.inferBlocking(row(), Set.of()));
            assertThat(model.entered.await(10, TimeUnit.SECONDS)).isTrue();
            // the worker takes the next request out of the queue and waits for the run permit with it in hand
            CompletableFuture<Map<String, Tensor>> held = engine.infer(row(), Set.of());
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> engine.queueDepth() == 0);
            CompletableFuture<Map<String, Tensor>> queued1 = engine.infer(row(), Set.of());
            CompletableFuture<Map<String, Tensor>> queued2 = engine.infer(row(), Set.of());

            assertThatThrownBy(() -> engine.inferBlocking(row(), Set.of()))
                    .isInstanceOfSatisfying(
                            ServingException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.OVERLOADED))
                    .hasMessageContaining("overloaded")
                    .hasMessageContaining("holds 2 requests");
            assertThat(engine.queueDepth()).isEqualTo(2);
            model.release.countDown();
            assertThat(ModelEngine.join(running)).containsKey("probabilities");
            assertThat(ModelEngine.join(held)).containsKey("probabilities");
            assertThat(ModelEngine.join(queued1)).containsKey("probabilities");
            assertThat(ModelEngine.join(queued2)).containsKey("probabilities");
        }
    }

    @Test
    void batchingIsOffByDefaultWhenTheFirstDimensionIsFixed() {
        TestModels.ModelFile file = TestModels.fixedBatchLogisticRegression(dir, 5);
        LoadedModel model = new OnnxModelLoader().load("fixed", file.path(), LoadOptions.DEFAULTS);
        ModelSignature signature = model.signature();
        assertThat(signature.hasBatchDimension()).isFalse();
        try (ModelEngine engine = engine(model, BatchingConfig.DEFAULTS, new ConcurrentLinkedQueue<>())) {
            assertThat(engine.batching()).isFalse();
            Tensor input = Tensor.ofMatrix("x", TestModels.features(1, 3));
            assertThat(engine.inferBlocking(List.of(input), Set.of())
                            .get("probability")
                            .shape())
                    .containsExactly(1, 1);
        }
        LoadedModel again = new OnnxModelLoader().load("fixed", file.path(), LoadOptions.DEFAULTS);
        assertThatThrownBy(() -> engine(
                        again, BatchingConfig.DEFAULTS.withMode(BatchingConfig.Mode.ON), new ConcurrentLinkedQueue<>()))
                .isInstanceOf(ServingException.class)
                .hasMessageContaining("batching mode ON")
                .hasMessageContaining("x[1, 4]");
        again.close();
    }

    @Test
    void drainWaitsForInFlightRequestsAndThenRefusesNewOnes() throws Exception {
        TestModels.ModelFile file = TestModels.mlp(dir, 14);
        BlockingModel model = new BlockingModel(new OnnxModelLoader().load("mlp", file.path(), LoadOptions.DEFAULTS));
        model.release.countDown();
        try (ModelEngine engine =
                engine(model, BatchingConfig.DEFAULTS.withBatch(4, Duration.ZERO), new ConcurrentLinkedQueue<>())) {
            model.block();
            // the idle batcher runs the first request on the calling thread: call from another one
            CompletableFuture<Map<String, Tensor>> running =
                    CompletableFuture.supplyAsync(() -> engine.inferBlocking(row(), Set.of()));
            assertThat(model.entered.await(10, TimeUnit.SECONDS)).isTrue();
            CompletableFuture<Boolean> drained =
                    CompletableFuture.supplyAsync(() -> engine.drain(Duration.ofSeconds(30)));
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> engine.state() == ModelEngine.State.DRAINING);
            assertThatThrownBy(() -> engine.inferBlocking(row(), Set.of()))
                    .isInstanceOfSatisfying(
                            ServingException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.NOT_READY));
            assertThat(drained).isNotDone();
            model.release.countDown();
            assertThat(drained.get(10, TimeUnit.SECONDS)).isTrue();
            assertThat(running.get(10, TimeUnit.SECONDS)).containsKey("probabilities");
            assertThat(engine.inFlight()).isZero();
        }
    }

    private static List<Tensor> row() {
        return List.of(Tensor.ofMatrix("features", TestModels.features(1, 99)));
    }

    private static void assertFloatsClose(float[] actual, float[] expected) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < actual.length; i++) {
            assertThat(actual[i]).as("element %d", i).isCloseTo(expected[i], within(1e-5f));
        }
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
