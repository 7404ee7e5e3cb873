package io.dubboai.samples.provider;

import io.dubboai.serving.engine.ModelConfig;
import io.dubboai.serving.provider.AcceleratorDetector;
import io.dubboai.serving.provider.ModelServer;
import io.dubboai.serving.provider.ModelServerConfig;
import io.dubboai.serving.provider.QosConfig;
import io.dubboai.serving.registry.RegistryClient;
import io.dubboai.serving.tensor.Tensor;
import io.dubboai.serving.typed.TypedModelService;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/**
 * Serves one version of a model as a Dubbo provider: the generic KServe v2 inference service and the typed
 * {@link RiskScorer}, both registered with the model's name and version so that consumers' routers can tell versions
 * apart. It registers only after the model is loaded and warmed up, and drains in-flight calls on shutdown.
 *
 * <pre>
 * java ... ModelProviderMain --registry zookeeper://127.0.0.1:2181 --model risk --version 1 --port 50051 \
 *     [--artifact file:///models/risk-1.onnx --sha256 &lt;hex&gt;] [--drain-timeout 10s]
 * java ... ModelProviderMain --registry zookeeper://127.0.0.1:2181 --model-registry http://127.0.0.1:8080 \
 *     --model risk (--version 2 | --alias champion) --port 50051
 * </pre>
 *
 * With {@code --model-registry} (the admin server's base URL) the version, or the version an alias points at, is
 * read from the model registry: artifact URI, checksum, signature and serving settings; a bearer token of the viewer
 * role is read from the environment variable {@value #TOKEN_ENV} (never from the command line, where {@code ps} shows
 * it).
 *
 * {@code --registry} is any Dubbo registry address: {@code zookeeper://host:port}, or {@code nacos://host:port} (a Nacos
 * 2.x; {@code nacos-client} is on this sample's class path); the registry doubles as the config center. Without
 * {@code --artifact} it generates the sample model ({@link DemoModel}, seeded by the version). On SIGTERM it
 * unregisters, waits for in-flight calls (at most {@code --drain-timeout}; Dubbo also waits up to a third of it for
 * the service to go idle) and stops.
 */
public final class ModelProviderMain {

    /** Environment variable holding the model registry's bearer token (viewer role). */
    static final String TOKEN_ENV = "DUBBO_AI_MODEL_REGISTRY_TOKEN";

    private ModelProviderMain() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> options = Options.parse(args);
        String model = options.getOrDefault("model", "risk");
        String modelRegistry = options.get("model-registry");
        String alias = options.get("alias");
        if (alias != null && options.containsKey("version")) {
            throw new IllegalArgumentException("give --version or --alias, not both");
        }
        if (alias != null && modelRegistry == null) {
            throw new IllegalArgumentException(
                    "--alias needs --model-registry <admin server URL>: aliases live in the model registry");
        }
        if (modelRegistry != null && options.containsKey("artifact")) {
            throw new IllegalArgumentException(
                    "give --artifact or --model-registry, not both: the registry names the version's artifact");
        }
        String version = options.getOrDefault("version", "1");
        String registry = options.getOrDefault("registry", "zookeeper://127.0.0.1:2181");
        int port = Integer.parseInt(options.getOrDefault("port", "50051"));
        String artifact = options.get("artifact");
        String sha256 = options.get("sha256");
        Duration drainTimeout = Duration.parse("PT" + options.getOrDefault("drain-timeout", "10s"));
        // Dubbo's QoS port, where this provider's Prometheus /metrics are served (127.0.0.1 only)
        int metricsPort =
                Integer.parseInt(options.getOrDefault("metrics-port", String.valueOf(QosConfig.DEFAULT_PORT)));
        // The typed service: how a RiskScorer call becomes a model call (the sample model's input and output names).
        TypedModelService<RiskScorer> scorer = TypedModelService.of(RiskScorer.class, invoker -> features -> {
            Tensor x = Tensor.ofMatrix(DemoModel.INPUT, new float[][] {features});
            return invoker.infer(List.of(x), Set.of()).get(DemoModel.OUTPUT).floats()[0];
        });
        if (modelRegistry != null) {
            RegistryClient client =
                    new RegistryClient(URI.create(modelRegistry), System.getenv(TOKEN_ENV), Duration.ofSeconds(30));
            ModelServerConfig config = ModelServerConfig.fromRegistry(
                    client, model, alias != null ? alias : version, registry, "127.0.0.1", port);
            version = config.model().version();
            System.out.println("REGISTRY model=" + model + (alias != null ? " alias=" + alias : "") + " version="
                    + version + " artifact=" + config.model().artifactUri());
            serve(
                    config.withTypedServices(List.of(scorer))
                            .withDrainTimeout(drainTimeout)
                            .withQos(QosConfig.loopback(metricsPort)),
                    model,
                    version,
                    port);
            return;
        }
        if (artifact == null) {
            Path file = Files.createTempDirectory("dubbo-ai-model").resolve(model + "-" + version + ".onnx");
            sha256 = DemoModel.write(file, Long.parseLong(version.replaceAll("\\D", "0")));
            artifact = file.toUri().toString();
        } else if (sha256 == null) {
            throw new IllegalArgumentException(
                    "--artifact needs --sha256 <hex>: artifacts are verified before loading");
        }

        ModelServerConfig config = ModelServerConfig.of(
                        ModelConfig.onnx(model, version, artifact, sha256), registry, "127.0.0.1", port)
                .withTypedServices(List.of(scorer))
                .withDrainTimeout(drainTimeout)
                .withQos(QosConfig.loopback(metricsPort));
        serve(config, model, version, port);
    }

    /** Starts the server and waits for SIGTERM. */
    private static void serve(ModelServerConfig config, String model, String version, int port) throws Exception {
        ModelServer server = new ModelServer(config, AcceleratorDetector.system(), batchSize -> {});
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }));
        server.start();
        System.out.println("PROVIDER READY model=" + model + " version=" + version + " port=" + port);
        stopped.await();
    }
}
