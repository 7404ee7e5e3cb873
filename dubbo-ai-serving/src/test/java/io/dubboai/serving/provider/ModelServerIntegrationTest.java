package io.dubboai.serving.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.dubboai.controlplane.zookeeper.EmbeddedZooKeeper;
import io.dubboai.core.contract.ModelAttachments;
import io.dubboai.core.contract.ModelProviderParams;
import io.dubboai.serving.ErrorKind;
import io.dubboai.serving.OrtReference;
import io.dubboai.serving.ServingException;
import io.dubboai.serving.TestModels;
import io.dubboai.serving.artifact.ArtifactPolicy;
import io.dubboai.serving.artifact.ArtifactResolver;
import io.dubboai.serving.artifact.FileArtifactFetcher;
import io.dubboai.serving.batch.BatchingConfig;
import io.dubboai.serving.client.InferRequests;
import io.dubboai.serving.client.InferResults;
import io.dubboai.serving.client.ModelRouting;
import io.dubboai.serving.engine.ModelConfig;
import io.dubboai.serving.engine.WarmupConfig;
import io.dubboai.serving.loader.OnnxModelLoader;
import io.dubboai.serving.oip.grpc.GRPCInferenceService;
import io.dubboai.serving.oip.grpc.GRPCInferenceServiceGrpc;
import io.dubboai.serving.oip.grpc.ModelInferRequest;
import io.dubboai.serving.oip.grpc.ModelInferResponse;
import io.dubboai.serving.oip.grpc.ModelMetadataRequest;
import io.dubboai.serving.oip.grpc.ModelMetadataResponse;
import io.dubboai.serving.oip.grpc.ServerLiveRequest;
import io.dubboai.serving.oip.grpc.ServerReadyRequest;
import io.dubboai.serving.tensor.Tensor;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.dubbo.common.utils.NetUtils;
import org.apache.dubbo.config.ApplicationConfig;
import org.apache.dubbo.config.ReferenceConfig;
import org.apache.dubbo.config.RegistryConfig;
import org.apache.dubbo.config.bootstrap.DubboBootstrap;
import org.apache.dubbo.rpc.model.ApplicationModel;
import org.apache.dubbo.rpc.model.FrameworkModel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real provider (Triple on loopback, registered in an embedded ZooKeeper) serving the logistic regression test
 * model, called by a Dubbo consumer, a typed-service consumer and a stock grpc-java client.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ModelServerIntegrationTest {

    private static final String MODEL = "fraud";
    private static final String OIP_PROVIDERS = "/dubbo/" + GRPCInferenceService.class.getName() + "/providers";
    private static final int MAX_INPUT_ELEMENTS = 4 * 256;

    private Path dir;

    private EmbeddedZooKeeper zooKeeper;
    private CuratorFramework curator;
    private TestModels.ModelFile model;
    private ModelServer server;
    private final ConcurrentLinkedQueue<Integer> batchSizes = new ConcurrentLinkedQueue<>();
    private FrameworkModel consumerFramework;
    private GRPCInferenceService dubboClient;
    private FraudScorer fraudScorer;
    private ManagedChannel channel;
    private GRPCInferenceServiceGrpc.GRPCInferenceServiceBlockingStub grpcClient;

    private List<String> providersBeforeRegister;
    private boolean liveBeforeRegister;
    private boolean readyBeforeLoad;
    private boolean readyBeforeRegister;

    @BeforeAll
    void startProviderAndClients(@TempDir Path tempDir) throws Exception {
        dir = tempDir;
        zooKeeper = EmbeddedZooKeeper.start(dir.resolve("zk"), 0);
        curator = CuratorFrameworkFactory.newClient(zooKeeper.connectString(), new RetryOneTime(100));
        curator.start();
        model = TestModels.logisticRegression(dir, 21);
        ModelConfig config = ModelConfig.onnx(MODEL, "3", model.uri(), model.sha256())
                .withBatching(BatchingConfig.DEFAULTS.withBatch(64, Duration.ofMillis(10)))
                .withWarmup(new WarmupConfig(2, 2, 1))
                .withMaxInputElements(MAX_INPUT_ELEMENTS);
        int port = NetUtils.getAvailablePort();
        ModelServerConfig serverConfig = ModelServerConfig.of(config, zooKeeper.dubboAddress(), "127.0.0.1", port)
                .withDrainTimeout(Duration.ofSeconds(1))
                .withTypedServices(List.of(
                        io.dubboai.serving.typed.TypedModelService.of(FraudScorer.class, invoker -> transaction -> {
                            Tensor x = Tensor.ofMatrix("x", new float[][] {transaction.features()});
                            float p = invoker.infer(List.of(x), Set.of())
                                    .get("probability")
                                    .floats()[0];
                            return new FraudScorer.Score(p);
                        })));
        server = new ModelServer(serverConfig, AcceleratorDetector.system(), batchSizes::add);

        channel = ManagedChannelBuilder.forAddress("127.0.0.1", port)
                .usePlaintext()
                .build();
        grpcClient = GRPCInferenceServiceGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS);

        server.exportUnregistered();
        liveBeforeRegister =
                grpcClient.serverLive(ServerLiveRequest.getDefaultInstance()).getLive();
        readyBeforeLoad =
                grpcClient.serverReady(ServerReadyRequest.getDefaultInstance()).getReady();
        server.loadAndWarmUp();
        readyBeforeRegister =
                grpcClient.serverReady(ServerReadyRequest.getDefaultInstance()).getReady();
        providersBeforeRegister = providers();
        server.register();

        System.setProperty("dubbo.application.service-discovery.migration", "FORCE_INTERFACE");
        consumerFramework = new FrameworkModel();
        ApplicationModel consumerApp = consumerFramework.newApplication();
        ApplicationConfig application = new ApplicationConfig("serving-test-consumer");
        application.setQosEnable(false);
        DubboBootstrap.getInstance(consumerApp)
                .application(application)
                .registry(new RegistryConfig(zooKeeper.dubboAddress()))
                .start();
        ReferenceConfig<GRPCInferenceService> oip = new ReferenceConfig<>(consumerApp.getDefaultModule());
        oip.setInterface(GRPCInferenceService.class);
        oip.setProtocol("tri");
        oip.setTimeout(30_000);
        oip.setRetries(0);
        dubboClient = oip.get();
        ReferenceConfig<FraudScorer> typed = new ReferenceConfig<>(consumerApp.getDefaultModule());
        typed.setInterface(FraudScorer.class);
        typed.setProtocol("tri");
        typed.setTimeout(30_000);
        typed.setRetries(0);
        fraudScorer = typed.get();
    }

    @AfterAll
    void stop() {
        if (channel != null) {
            channel.shutdownNow();
        }
        if (consumerFramework != null) {
            consumerFramework.destroy();
        }
        if (server != null) {
            server.close();
        }
        if (curator != null) {
            curator.close();
        }
        if (zooKeeper != null) {
            zooKeeper.close();
        }
        System.clearProperty("dubbo.application.service-discovery.migration");
    }

    private List<String> providers() throws Exception {
        if (curator.checkExists().forPath(OIP_PROVIDERS) == null) {
            return List.of();
        }
        return curator.getChildren().forPath(OIP_PROVIDERS).stream()
                .map(url -> URLDecoder.decode(url, StandardCharsets.UTF_8))
                .toList();
    }

    @Test
    void providerRegistersOnlyAfterLoadAndWarmUpWithTheModelParameters() throws Exception {
        assertThat(liveBeforeRegister).as("live while loading").isTrue();
        assertThat(readyBeforeLoad).as("ready before load").isFalse();
        assertThat(readyBeforeRegister).as("ready after warm-up").isTrue();
        assertThat(providersBeforeRegister).as("registered before warm-up").isEmpty();
        List<String> registered = providers();
        assertThat(registered).hasSize(1);
        assertThat(registered.get(0))
                .startsWith("tri://")
                .contains(ModelProviderParams.MODEL + "=" + MODEL)
                .contains(ModelProviderParams.MODEL_VERSION + "=3")
                .contains(ModelProviderParams.RUNTIME + "=onnxruntime")
                .contains(ModelProviderParams.ACCELERATOR + "=cpu");
        List<String> typed = curator.getChildren().forPath("/dubbo/" + FraudScorer.class.getName() + "/providers");
        assertThat(URLDecoder.decode(typed.get(0), StandardCharsets.UTF_8))
                .contains(ModelProviderParams.MODEL + "=" + MODEL)
                .contains(ModelProviderParams.MODEL_VERSION + "=3");
    }

    @Test
    void dubboConsumerGetsTheSameOutputsAsOnnxRuntimeAndTheServedVersion() {
        float[][] rows = TestModels.features(5, 77);
        ModelRouting.pinVersion("3");
        ModelInferResponse response = dubboClient.modelInfer(
                InferRequests.forModel(MODEL).id("req-1").input("x", rows).build());

        assertThat(ModelRouting.servedVersion()).contains("3");
        assertThat(ModelRouting.loadInFlight())
                .hasValueSatisfying(n -> assertThat(n).isGreaterThanOrEqualTo(0));
        assertThat(ModelRouting.loadQueue())
                .hasValueSatisfying(n -> assertThat(n).isGreaterThanOrEqualTo(0));
        assertThat(response.getId()).isEqualTo("req-1");
        assertThat(response.getRawOutputContentsCount())
                .as("raw request, raw answer")
                .isEqualTo(1);
        assertThat(response.getOutputs(0).hasContents()).isFalse();
        assertThat(response.getModelVersion()).isEqualTo("3");
        assertClose(InferResults.of(response).matrix("probability"), OrtReference.run(model.path(), "x", rows));
    }

    @Test
    void stockGrpcClientCallsModelInferAndModelMetadata() {
        float[][] rows = TestModels.features(3, 78);
        AtomicReference<Metadata> headers = new AtomicReference<>();
        AtomicReference<Metadata> trailers = new AtomicReference<>();
        ModelInferResponse response = grpcClient
                .withInterceptors(MetadataUtils.newCaptureMetadataInterceptor(headers, trailers))
                .modelInfer(InferRequests.forModel(MODEL)
                        .typedContents()
                        .input("x", rows)
                        .build());

        assertThat(response.getRawOutputContentsCount())
                .as("typed request, typed answer")
                .isZero();
        assertThat(response.getOutputs(0).getContents().getFp32ContentsCount()).isEqualTo(3);
        assertClose(InferResults.of(response).matrix("probability"), OrtReference.run(model.path(), "x", rows));
        Metadata.Key<String> served =
                Metadata.Key.of(ModelAttachments.SERVED_VERSION, Metadata.ASCII_STRING_MARSHALLER);
        String servedVersion = headers.get() != null && headers.get().get(served) != null
                ? headers.get().get(served)
                : trailers.get().get(served);
        assertThat(servedVersion).isEqualTo("3");

        ModelMetadataResponse metadata = grpcClient.modelMetadata(
                ModelMetadataRequest.newBuilder().setName(MODEL).build());
        assertThat(metadata.getPlatform()).isEqualTo("onnxruntime_onnx");
        assertThat(metadata.getVersionsList()).containsExactly("3");
        assertThat(metadata.getInputs(0).getName()).isEqualTo("x");
        assertThat(metadata.getInputs(0).getDatatype()).isEqualTo("FP32");
        assertThat(metadata.getInputs(0).getShapeList()).containsExactly(-1L, 4L);
        assertThat(metadata.getOutputs(0).getName()).isEqualTo("probability");
    }

    @Test
    void typedServiceMapsOntoTheModel() {
        FraudScorer.Transaction transaction = new FraudScorer.Transaction(0.5f, -0.25f, 0.75f, -1f);
        FraudScorer.Score score = fraudScorer.score(transaction);

        float expected = OrtReference.run(model.path(), "x", new float[][] {transaction.features()})[0][0];
        assertThat(score.probability()).isCloseTo(expected, within(1e-5f));
        assertThat(ModelRouting.servedVersion()).contains("3");
    }

    @Test
    void sixtyFourConcurrentDubboCallersAreBatchedAndGetTheirOwnRows() throws Exception {
        int callers = 64;
        batchSizes.clear();
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        CyclicBarrier start = new CyclicBarrier(callers);
        List<float[][]> inputs = new ArrayList<>();
        List<CompletableFuture<float[][]>> results = new ArrayList<>();
        for (int i = 0; i < callers; i++) {
            float[][] rows = TestModels.features(1 + i % 2, 500 + i);
            inputs.add(rows);
            results.add(CompletableFuture.supplyAsync(
                    () -> {
                        try {
                            start.await(30, TimeUnit.SECONDS);
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                        return InferResults.of(dubboClient.modelInfer(InferRequests.forModel(MODEL)
                                        .input("x", rows)
                                        .build()))
                                .matrix("probability");
                    },
                    pool));
        }
        for (int i = 0; i < callers; i++) {
            float[][] unbatched = OrtReference.run(model.path(), "x", inputs.get(i));
            assertClose(results.get(i).get(60, TimeUnit.SECONDS), unbatched);
        }
        pool.shutdown();
        assertThat(batchSizes).as("rows per runtime call").anyMatch(size -> size > 1);
    }

    @Test
    void badInputsGetPreciseErrorsAndTheProviderKeepsServing() {
        float[][] rows = TestModels.features(2, 79);
        assertGrpcError(
                InferRequests.forModel("nope").input("x", rows).build(),
                Status.Code.NOT_FOUND,
                "model 'nope' is not served by this provider; it serves model 'fraud' version '3'");
        assertGrpcError(
                InferRequests.forModel(MODEL).input("features", rows).build(),
                Status.Code.INVALID_ARGUMENT,
                "model 'fraud' has no input 'features'; its inputs are [x]");
        assertGrpcError(
                InferRequests.forModel(MODEL)
                        .input("x", new long[] {1, 4}, new double[] {1, 2, 3, 4})
                        .build(),
                Status.Code.INVALID_ARGUMENT,
                "input 'x' of model 'fraud' must have data type FP32 but was FP64");
        assertGrpcError(
                InferRequests.forModel(MODEL)
                        .input("x", new long[] {2, 3}, new float[6])
                        .build(),
                Status.Code.INVALID_ARGUMENT,
                "dimension 1 of input 'x' of model 'fraud' must be 4 (shape [-1, 4]) but was 3");
        assertGrpcError(
                InferRequests.forModel(MODEL)
                        .input("x", new long[] {4}, new float[4])
                        .build(),
                Status.Code.INVALID_ARGUMENT,
                "must have shape [-1, 4] (rank 2) but had [4] (rank 1)");
        assertGrpcError(
                InferRequests.forModel(MODEL)
                        .input("x", TestModels.features(MAX_INPUT_ELEMENTS / 4 + 1, 1))
                        .build(),
                Status.Code.INVALID_ARGUMENT,
                "has " + (MAX_INPUT_ELEMENTS + 4) + " elements, more than the limit of " + MAX_INPUT_ELEMENTS);
        ModelInferRequest wrongCount = ModelInferRequest.newBuilder()
                .setModelName(MODEL)
                .addInputs(ModelInferRequest.InferInputTensor.newBuilder()
                        .setName("x")
                        .setDatatype("FP32")
                        .addShape(2)
                        .addShape(4)
                        .setContents(io.dubboai.serving.oip.grpc.InferTensorContents.newBuilder()
                                .addFp32Contents(1f)))
                .build();
        assertGrpcError(wrongCount, Status.Code.INVALID_ARGUMENT, "(8 elements) but 1 values");

        assertThatThrownBy(() -> dubboClient.modelInfer(
                        InferRequests.forModel(MODEL).input("features", rows).build()))
                .hasMessageContaining("model 'fraud' has no input 'features'; its inputs are [x]");

        ModelInferResponse ok = grpcClient.modelInfer(
                InferRequests.forModel(MODEL).input("x", rows).build());
        assertClose(InferResults.of(ok).matrix("probability"), OrtReference.run(model.path(), "x", rows));
    }

    @Test
    void corruptArtifactAndChecksumMismatchFailTheLoadWithPreciseErrors() {
        ArtifactResolver resolver =
                new ArtifactResolver(ArtifactPolicy.ANY_FILE, scheme -> new FileArtifactFetcher(), dir);
        TestModels.ModelFile corrupt = TestModels.corrupt(dir);
        assertThatThrownBy(() -> ModelServer.loadEngine(
                        ModelConfig.onnx("broken", "1", corrupt.uri(), corrupt.sha256()),
                        resolver,
                        runtime -> new OnnxModelLoader(),
                        size -> {}))
                .isInstanceOfSatisfying(
                        ServingException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.ARTIFACT))
                .hasMessageContaining("ONNX Runtime could not load the artifact corrupt.onnx of model 'broken'");
        assertThatThrownBy(() -> ModelServer.loadEngine(
                        ModelConfig.onnx("mismatch", "1", model.uri(), "ab".repeat(32)),
                        resolver,
                        runtime -> new OnnxModelLoader(),
                        size -> {}))
                .isInstanceOf(ServingException.class)
                .hasMessageContaining("has SHA-256 " + model.sha256() + " but " + "ab".repeat(32) + " was expected");

        float[][] rows = TestModels.features(1, 80);
        assertClose(
                InferResults.of(dubboClient.modelInfer(
                                InferRequests.forModel(MODEL).input("x", rows).build()))
                        .matrix("probability"),
                OrtReference.run(model.path(), "x", rows));
    }

    private void assertGrpcError(ModelInferRequest request, Status.Code code, String message) {
        assertThatThrownBy(() -> grpcClient.modelInfer(request))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(code);
                    assertThat(e.getStatus().getDescription()).contains(message);
                });
    }

    private static void assertClose(float[][] actual, float[][] expected) {
        assertThat(actual.length).isEqualTo(expected.length);
        for (int r = 0; r < actual.length; r++) {
            assertThat(actual[r]).hasSameSizeAs(expected[r]);
            for (int c = 0; c < actual[r].length; c++) {
                assertThat(actual[r][c]).as("row %d column %d", r, c).isCloseTo(expected[r][c], within(1e-5f));
            }
        }
    }
}
