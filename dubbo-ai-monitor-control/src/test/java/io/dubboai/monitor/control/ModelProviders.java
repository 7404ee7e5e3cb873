package io.dubboai.monitor.control;

import io.dubboai.serving.TestModels;
import io.dubboai.serving.batch.BatchingConfig;
import io.dubboai.serving.client.InferRequests;
import io.dubboai.serving.engine.ModelConfig;
import io.dubboai.serving.engine.WarmupConfig;
import io.dubboai.serving.oip.grpc.GRPCInferenceService;
import io.dubboai.serving.provider.AcceleratorDetector;
import io.dubboai.serving.provider.ModelServer;
import io.dubboai.serving.provider.ModelServerConfig;
import io.dubboai.serving.provider.QosConfig;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.dubbo.config.ApplicationConfig;
import org.apache.dubbo.config.ReferenceConfig;
import org.apache.dubbo.config.RegistryConfig;
import org.apache.dubbo.config.bootstrap.DubboBootstrap;
import org.apache.dubbo.rpc.model.ApplicationModel;
import org.apache.dubbo.rpc.model.FrameworkModel;

/**
 * Real model providers for tests: {@link ModelServer}s of one model, one per version, registered in a real registry,
 * with QoS (and so {@code /metrics}) on free loopback ports, and a Dubbo consumer that calls each directly. Dubbo 3.3
 * closes every Triple server of the JVM when any framework is destroyed, so everything is closed together.
 */
public final class ModelProviders implements AutoCloseable {

    /** The model name. */
    public static final String MODEL = "fraud";

    private final List<ModelServer> servers = new ArrayList<>();
    private final List<GRPCInferenceService> clients = new ArrayList<>();
    private final FrameworkModel consumerFramework;
    private final float[][] rows = TestModels.features(2, 11);

    /** Starts one server per version, registered at {@code registryAddress}. */
    public ModelProviders(Path dir, String registryAddress, String... versions) {
        TestModels.ModelFile file = TestModels.logisticRegression(dir, 7);
        for (String version : versions) {
            ModelConfig model = ModelConfig.onnx(MODEL, version, file.uri(), file.sha256())
                    .withBatching(BatchingConfig.DEFAULTS.withBatch(16, Duration.ofMillis(1)))
                    .withWarmup(new WarmupConfig(1, 1, 1));
            ModelServerConfig config = ModelServerConfig.of(
                            model, registryAddress, "127.0.0.1", PrometheusServer.freePort())
                    .withDrainTimeout(Duration.ofMillis(200))
                    .withQos(QosConfig.loopback(0));
            servers.add(new ModelServer(config, AcceleratorDetector.system(), r -> {}).start());
        }
        consumerFramework = new FrameworkModel();
        ApplicationModel application = consumerFramework.newApplication();
        ApplicationConfig config = new ApplicationConfig("monitoring-test-consumer");
        config.setQosEnable(false);
        DubboBootstrap.getInstance(application)
                .application(config)
                .registry(new RegistryConfig("N/A"))
                .start();
        for (ModelServer server : servers) {
            clients.add(reference(application, server));
        }
    }

    private static GRPCInferenceService reference(ApplicationModel application, ModelServer server) {
        String query = server.providerParameters().entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        ReferenceConfig<GRPCInferenceService> reference = new ReferenceConfig<>(application.getDefaultModule());
        reference.setInterface(GRPCInferenceService.class);
        reference.setUrl(
                "tri://127.0.0.1:" + server.config().port() + "/" + GRPCInferenceService.class.getName() + "?" + query);
        reference.setTimeout(30_000);
        reference.setRetries(0);
        return reference.get();
    }

    /** The server of the {@code index}-th version. */
    public ModelServer server(int index) {
        return servers.get(index);
    }

    /** One successful call to the {@code index}-th version. */
    public void succeed(int index) {
        clients.get(index)
                .modelInfer(InferRequests.forModel(MODEL).input("x", rows).build());
    }

    /** One successful call to the {@code index}-th server with these rows (four features each). */
    public void infer(int index, float[][] rows) {
        clients.get(index)
                .modelInfer(InferRequests.forModel(MODEL).input("x", rows).build());
    }

    /** One call the {@code index}-th version refuses (an input the model does not have): an error. */
    public void fail(int index) {
        try {
            clients.get(index)
                    .modelInfer(InferRequests.forModel(MODEL)
                            .input("features", rows)
                            .build());
        } catch (RuntimeException expected) {
            return;
        }
        throw new AssertionError("the call with a wrong input name succeeded");
    }

    @Override
    public void close() {
        consumerFramework.destroy();
        servers.forEach(ModelServer::close);
    }
}
