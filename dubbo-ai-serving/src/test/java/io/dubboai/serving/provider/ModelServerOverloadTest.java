package io.dubboai.serving.provider;

import static org.assertj.core.api.Assertions.assertThat;

import io.dubboai.core.contract.ModelAttachments;
import io.dubboai.serving.ErrorKind;
import io.dubboai.serving.TestModels;
import io.dubboai.serving.batch.BatchingConfig;
import io.dubboai.serving.client.InferRequests;
import io.dubboai.serving.client.ModelRouting;
import io.dubboai.serving.engine.ModelConfig;
import io.dubboai.serving.engine.ModelEngine;
import io.dubboai.serving.engine.WarmupConfig;
import io.dubboai.serving.oip.grpc.GRPCInferenceService;
import io.dubboai.serving.oip.grpc.GRPCInferenceServiceGrpc;
import io.dubboai.serving.oip.grpc.ModelInferRequest;
import io.dubboai.serving.oip.grpc.ModelInferResponse;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.dubbo.common.utils.NetUtils;
import org.apache.dubbo.config.ApplicationConfig;
import org.apache.dubbo.config.ReferenceConfig;
import org.apache.dubbo.config.bootstrap.DubboBootstrap;
import org.apache.dubbo.rpc.model.ApplicationModel;
import org.apache.dubbo.rpc.model.FrameworkModel;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real providers under overload, with batching off and on: every call is served or refused with the documented error
 * within its queue timeout, and the asynchronous {@code ModelInfer} holds more queued requests than Dubbo has server
 * threads while the served-version attachment still reaches a Dubbo consumer and a stock gRPC client.
 *
 * <p>The providers run the test runtime {@link PacedModelLoader}: every runtime call costs a set service time, so a
 * provider's capacity is known (one running call plus {@value #MAX_QUEUE} queued, with one worker).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ModelServerOverloadTest {

    private static final int DUBBO_THREADS = 8;
    private static final int MAX_QUEUE = 8;
    private static final Duration QUEUE_TIMEOUT = Duration.ofMillis(500);
    /**
     * What a call may take beyond its queue timeout and one runtime call: the timer thread firing late and the
     * scheduling of a shared 2-core build machine. Measured with the server's own clock readings, not the client's.
     */
    private static final Duration MARGIN = Duration.ofSeconds(1);

    private static final String UNBATCHED = "unbatched";
    private static final String BATCHED = "batched";
    private static final String HELD = "held";
    private static final int BATCH = 2;
    /** Four times what a provider can hold: queue plus one batch running. */
    private static final int CALLERS = 4 * (MAX_QUEUE + BATCH);

    private final Map<String, ModelServer> servers = new ConcurrentHashMap<>();
    private final Map<String, ManagedChannel> channels = new ConcurrentHashMap<>();
    private final Map<String, ConcurrentLinkedQueue<Long>> residency = new ConcurrentHashMap<>();
    private FrameworkModel consumerFramework;

    @BeforeAll
    void startProviders(@TempDir Path dir) {
        // Dubbo reads the pool size of every protocol from here; a small pool makes "more queued than threads" cheap
        System.setProperty("dubbo.protocol.threads", Integer.toString(DUBBO_THREADS));
        TestModels.ModelFile file = TestModels.logisticRegression(dir, 31);
        PacedModelLoader.pace(UNBATCHED, Duration.ofMillis(100));
        PacedModelLoader.pace(BATCHED, Duration.ofMillis(200));
        start(file, UNBATCHED, BatchingConfig.OFF.withQueue(QUEUE_TIMEOUT, MAX_QUEUE));
        start(
                file,
                BATCHED,
                BatchingConfig.DEFAULTS
                        .withMode(BatchingConfig.Mode.ON)
                        .withBatch(BATCH, Duration.ZERO)
                        .withQueue(QUEUE_TIMEOUT, MAX_QUEUE));
        start(file, HELD, BatchingConfig.OFF.withQueue(Duration.ofSeconds(60), 64));
        System.clearProperty("dubbo.protocol.threads");
        consumerFramework = new FrameworkModel();
    }

    private void start(TestModels.ModelFile file, String name, BatchingConfig batching) {
        ModelConfig model = ModelConfig.onnx(name, "7", file.uri(), file.sha256())
                .withRuntime(PacedModelLoader.RUNTIME)
                .withBatching(batching)
                .withWarmup(new WarmupConfig(1, 1, 1));
        int port = NetUtils.getAvailablePort();
        ModelServer server = new ModelServer(
                        ModelServerConfig.of(model, "N/A", "127.0.0.1", port).withDrainTimeout(Duration.ofSeconds(1)),
                        AcceleratorDetector.system(),
                        size -> {})
                .start();
        ConcurrentLinkedQueue<Long> times = new ConcurrentLinkedQueue<>();
        server.engine().addRequestListener((accepted, answered, failure) -> times.add(answered - accepted));
        servers.put(name, server);
        residency.put(name, times);
        channels.put(
                name,
                ManagedChannelBuilder.forAddress("127.0.0.1", port)
                        .usePlaintext()
                        .build());
    }

    @AfterAll
    void stop() {
        System.clearProperty("dubbo.protocol.threads");
        channels.values().forEach(ManagedChannel::shutdownNow);
        if (consumerFramework != null) {
            consumerFramework.destroy();
        }
        servers.values().forEach(ModelServer::close);
    }

    @Test
    void unbatchedOverloadIsServedOrRefusedWithinTheQueueTimeout() throws Exception {
        assertThat(servers.get(UNBATCHED).engine().batching()).isFalse();
        overload(UNBATCHED);
    }

    @Test
    void batchedOverloadIsServedOrRefusedWithinTheQueueTimeout() throws Exception {
        assertThat(servers.get(BATCHED).engine().batching()).isTrue();
        overload(BATCHED);
    }

    /** {@value #CALLERS} closed-loop gRPC callers, five calls each, against a provider that holds a quarter of them. */
    private void overload(String model) throws Exception {
        GRPCInferenceServiceGrpc.GRPCInferenceServiceBlockingStub client =
                GRPCInferenceServiceGrpc.newBlockingStub(channels.get(model));
        ModelInferRequest request = InferRequests.forModel(model)
                .input("x", TestModels.features(1, 5))
                .build();
        ConcurrentLinkedQueue<Status> outcomes = new ConcurrentLinkedQueue<>();
        residency.get(model).clear();
        ExecutorService callers = Executors.newFixedThreadPool(CALLERS);
        List<CompletableFuture<Void>> done = new ArrayList<>();
        CountDownLatch go = new CountDownLatch(1);
        for (int c = 0; c < CALLERS; c++) {
            done.add(CompletableFuture.runAsync(
                    () -> {
                        awaitQuietly(go);
                        for (int i = 0; i < 5; i++) {
                            try {
                                client.withDeadlineAfter(60, TimeUnit.SECONDS).modelInfer(request);
                                outcomes.add(Status.OK);
                            } catch (StatusRuntimeException e) {
                                outcomes.add(e.getStatus());
                            }
                        }
                    },
                    callers));
        }
        go.countDown();
        CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
        callers.shutdown();

        assertThat(outcomes).hasSize(CALLERS * 5);
        long queueTimeoutMillis = QUEUE_TIMEOUT.toMillis();
        Pattern waited = Pattern.compile("waited (\\d+) ms in the batching queue");
        for (Status status : outcomes) {
            switch (status.getCode()) {
                case OK -> {}
                case RESOURCE_EXHAUSTED ->
                    assertThat(status.getDescription())
                            .contains("model '" + model + "' is overloaded: its batching queue holds " + MAX_QUEUE);
                case DEADLINE_EXCEEDED -> {
                    // the server's own reading of how long the request waited, in the documented QUEUE_TIMEOUT error
                    assertThat(status.getDescription())
                            .contains("longer than the queue timeout of " + queueTimeoutMillis + " ms");
                    Matcher m = waited.matcher(status.getDescription());
                    assertThat(m.find()).as(status.getDescription()).isTrue();
                    assertThat(Long.parseLong(m.group(1)))
                            .isBetween(queueTimeoutMillis, queueTimeoutMillis + MARGIN.toMillis());
                }
                default -> throw new AssertionError("undocumented outcome under overload: " + status);
            }
        }
        assertThat(outcomes)
                .as("overload reached: some served, some refused at once, some timed out in the queue")
                .anyMatch(s -> s.getCode() == Status.Code.OK)
                .anyMatch(s -> s.getCode() == Status.Code.RESOURCE_EXHAUSTED)
                .anyMatch(s -> s.getCode() == Status.Code.DEADLINE_EXCEEDED);
        // every accepted call was answered (served or failed) within its queue timeout plus one runtime call
        Duration bound = QUEUE_TIMEOUT.plus(PacedModelLoader.longestRun(model)).plus(MARGIN);
        assertThat(residency.get(model)).hasSize(CALLERS * 5);
        assertThat(residency.get(model))
                .allSatisfy(nanos -> assertThat(Duration.ofNanos(nanos)).isLessThanOrEqualTo(bound));
        assertThat(ErrorKind.OVERLOADED.grpcCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED.name());
        assertThat(ErrorKind.QUEUE_TIMEOUT.grpcCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED.name());
    }

    @Test
    void moreRequestsQueueThanDubboHasThreadsAndEachAnswerCarriesTheServedVersion() throws Exception {
        ModelEngine engine = servers.get(HELD).engine();
        CountDownLatch gate = PacedModelLoader.hold(HELD);
        ModelInferRequest request = InferRequests.forModel(HELD)
                .input("x", TestModels.features(1, 6))
                .build();
        int grpcCalls = 4 * DUBBO_THREADS;
        int dubboCalls = DUBBO_THREADS;

        List<CompletableFuture<Optional<String>>> grpc = new ArrayList<>();
        for (int i = 0; i < grpcCalls; i++) {
            grpc.add(grpcCall(HELD, request));
            if (i == 0) {
                // the first runs at once (on a Dubbo thread, held at the gate); the others queue behind it
                Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> engine.inFlight() == 1);
            }
        }
        GRPCInferenceService dubbo = dubboConsumer(HELD);
        ExecutorService consumerThreads = Executors.newFixedThreadPool(dubboCalls);
        List<CompletableFuture<Optional<String>>> viaDubbo = new ArrayList<>();
        for (int i = 0; i < dubboCalls; i++) {
            viaDubbo.add(CompletableFuture.supplyAsync(
                    () -> {
                        ModelInferResponse response = dubbo.modelInfer(request);
                        assertThat(response.getModelVersion()).isEqualTo("7");
                        return ModelRouting.servedVersion();
                    },
                    consumerThreads));
        }
        int total = grpcCalls + dubboCalls;
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> engine.inFlight() == total);

        assertThat(engine.queueDepth())
                .as("requests queued while one runs and one may wait in a worker's hand")
                .isGreaterThanOrEqualTo(total - 2)
                .isGreaterThan(DUBBO_THREADS);
        assertThat(dubboServerThreads(servers.get(HELD).config().port()))
                .as("Dubbo server threads")
                .isLessThanOrEqualTo(DUBBO_THREADS);
        assertThat(grpc).noneMatch(CompletableFuture::isDone);

        gate.countDown();
        for (CompletableFuture<Optional<String>> call : grpc) {
            assertThat(call.get(60, TimeUnit.SECONDS))
                    .as("gRPC client, served-version header")
                    .contains("7");
        }
        for (CompletableFuture<Optional<String>> call : viaDubbo) {
            assertThat(call.get(60, TimeUnit.SECONDS))
                    .as("Dubbo consumer, served-version attachment")
                    .contains("7");
        }
        consumerThreads.shutdown();
    }

    private CompletableFuture<Optional<String>> grpcCall(String model, ModelInferRequest request) {
        AtomicReference<Metadata> headers = new AtomicReference<>();
        AtomicReference<Metadata> trailers = new AtomicReference<>();
        var stub = GRPCInferenceServiceGrpc.newFutureStub(channels.get(model))
                .withDeadlineAfter(60, TimeUnit.SECONDS)
                .withInterceptors(MetadataUtils.newCaptureMetadataInterceptor(headers, trailers));
        var call = stub.modelInfer(request);
        CompletableFuture<Optional<String>> served = new CompletableFuture<>();
        call.addListener(
                () -> {
                    try {
                        call.get();
                        Metadata.Key<String> key =
                                Metadata.Key.of(ModelAttachments.SERVED_VERSION, Metadata.ASCII_STRING_MARSHALLER);
                        String value = headers.get() != null ? headers.get().get(key) : null;
                        if (value == null && trailers.get() != null) {
                            value = trailers.get().get(key);
                        }
                        served.complete(Optional.ofNullable(value));
                    } catch (Exception e) {
                        served.completeExceptionally(e);
                    }
                },
                Runnable::run);
        return served;
    }

    private GRPCInferenceService dubboConsumer(String model) {
        ApplicationModel application = consumerFramework.newApplication();
        ApplicationConfig config = new ApplicationConfig("overload-test-consumer");
        config.setQosEnable(false);
        DubboBootstrap.getInstance(application).application(config).start();
        ReferenceConfig<GRPCInferenceService> reference = new ReferenceConfig<>(application.getDefaultModule());
        reference.setInterface(GRPCInferenceService.class);
        reference.setProtocol("tri");
        reference.setUrl("tri://127.0.0.1:" + servers.get(model).config().port());
        reference.setTimeout(60_000);
        reference.setRetries(0);
        return reference.get();
    }

    private static long dubboServerThreads(int port) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("DubboServerHandler-127.0.0.1:" + port + "-"))
                .count();
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
