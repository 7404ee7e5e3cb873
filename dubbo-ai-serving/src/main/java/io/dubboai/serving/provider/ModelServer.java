package io.dubboai.serving.provider;

import io.dubboai.core.contract.Accelerator;
import io.dubboai.core.contract.ModelAttachments;
import io.dubboai.core.contract.ModelProviderParams;
import io.dubboai.core.model.ModelSignature;
import io.dubboai.serving.ErrorKind;
import io.dubboai.serving.ServingException;
import io.dubboai.serving.artifact.ArtifactFetcher;
import io.dubboai.serving.artifact.ArtifactResolver;
import io.dubboai.serving.batch.BatchObserver;
import io.dubboai.serving.engine.ModelConfig;
import io.dubboai.serving.engine.ModelEngine;
import io.dubboai.serving.loader.LoadOptions;
import io.dubboai.serving.loader.LoadedModel;
import io.dubboai.serving.loader.ModelLoader;
import io.dubboai.serving.oip.OipInferenceService;
import io.dubboai.serving.oip.grpc.GRPCInferenceService;
import io.dubboai.serving.tensor.Tensor;
import io.dubboai.serving.typed.ModelInvoker;
import io.dubboai.serving.typed.TypedModelService;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.dubbo.common.constants.RegisterTypeEnum;
import org.apache.dubbo.config.ApplicationConfig;
import org.apache.dubbo.config.ProtocolConfig;
import org.apache.dubbo.config.RegistryConfig;
import org.apache.dubbo.config.ServiceConfig;
import org.apache.dubbo.config.bootstrap.DubboBootstrap;
import org.apache.dubbo.rpc.RpcContext;
import org.apache.dubbo.rpc.model.ApplicationModel;
import org.apache.dubbo.rpc.model.FrameworkModel;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A provider process serving one model version over Dubbo Triple: the Open Inference Protocol service plus any
 * user-typed services, each registered with the model metadata URL parameters of {@link ModelProviderParams}.
 *
 * <p>Readiness, in {@link #start()}'s three steps (also callable one by one):
 *
 * <ol>
 *   <li>{@link #exportUnregistered()}: Dubbo starts and exports the services on the Triple port <em>without</em>
 *       registering them, so health probes ({@code ServerLive}, {@code ServerReady}) answer while consumers cannot
 *       find the provider yet;
 *   <li>{@link #loadAndWarmUp()}: the artifact is fetched, checksum-verified, loaded and warmed up with synthetic
 *       requests;
 *   <li>{@link #register()}: only now the services are registered, and consumers start calling.
 * </ol>
 *
 * <p>Shutdown ({@link #close()}): the services are unregistered and unexported (Dubbo waits for the service to go
 * idle, at most the drain timeout), the engine refuses new requests and waits for the in-flight ones, then the model
 * and Dubbo are closed.
 *
 * <p>Metrics: Dubbo's QoS server runs as {@link ModelServerConfig#qos()} says ({@code 127.0.0.1:22222} by default) and
 * serves Prometheus {@code GET /metrics} when {@code dubbo-metrics-prometheus}'s dependencies are on the class path
 * (the {@code dubbo-ai-monitor} module brings them, with the model metrics). Every {@link ModelServingListener}
 * extension is told when the model loads and closes.
 *
 * <p>Each server has its own Dubbo {@link FrameworkModel}. Dubbo 3.3 keeps Triple servers in a static map that
 * {@code TripleProtocol.destroy()} closes as a whole, so closing one server (or any Dubbo framework model) stops every
 * Triple port of the JVM: run one {@code ModelServer} per JVM.
 */
public final class ModelServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ModelServer.class);

    /** Least queue of Dubbo's server executor: arrivals beyond its threads wait there, not refused. */
    static final int DUBBO_EXECUTOR_QUEUE = 1024;

    private final ModelServerConfig config;
    private final AcceleratorDetector detector;
    private final BatchObserver batchObserver;
    private final AtomicReference<@Nullable ModelEngine> engine = new AtomicReference<>();
    private final List<ServiceConfig<?>> services = new ArrayList<>();
    private @Nullable FrameworkModel frameworkModel;
    private @Nullable AcceleratorInfo acceleratorInfo;
    private @Nullable ApplicationModel applicationModel;
    private volatile int qosPort = -1;
    private @Nullable LoadOptions loadOptions;

    /**
     * @param config what to serve and where
     * @param detector finds GPUs ({@link AcceleratorDetector#system()} in production)
     * @param batchObserver told the batches, queue waits and rejections of the model's batcher (tests; a lambda
     *     {@code rows -> ...} sees batch sizes only), besides every {@link ModelServingListener}
     */
    public ModelServer(ModelServerConfig config, AcceleratorDetector detector, BatchObserver batchObserver) {
        this.config = config;
        this.detector = detector;
        this.batchObserver = batchObserver;
    }

    /** Exports, loads and warms up, then registers. Returns {@code this}. */
    public ModelServer start() {
        exportUnregistered();
        loadAndWarmUp();
        register();
        return this;
    }

    /** Step 1: starts Dubbo and exports every service without registering it. */
    public synchronized void exportUnregistered() {
        if (frameworkModel != null) {
            throw new IllegalStateException("model server of '" + config.model().name() + "' is already exported");
        }
        FrameworkModel framework = new FrameworkModel();
        frameworkModel = framework;
        loadOptions = extension(
                        framework,
                        ModelLoader.class,
                        config.model(),
                        config.model().runtime())
                .effectiveOptions(config.model().name(), config.model().loadOptions());
        acceleratorInfo = detectAccelerator(loadOptions);
        ApplicationModel application = framework.newApplication();
        applicationModel = application;
        ApplicationConfig applicationConfig = new ApplicationConfig(config.applicationName());
        configureQos(applicationConfig, config.qos());
        applicationConfig.setRegisterMode(config.registerMode());
        applicationConfig.setShutwait(Long.toString(config.drainTimeout().toMillis()));
        ProtocolConfig protocol = new ProtocolConfig("tri", config.port());
        protocol.setHost(config.host());
        // ModelInfer only queues its request on the Dubbo thread (the model's queue does the admission control), so a
        // burst larger than Dubbo's pool waits here for microseconds instead of being refused by Dubbo's queue-less
        // default pool with an undocumented error; dubbo.protocol.queues still overrides it
        protocol.setQueues(
                Math.max(DUBBO_EXECUTOR_QUEUE, config.model().batching().maxQueueSize()));
        DubboBootstrap.getInstance(application)
                .application(applicationConfig)
                .registry(new RegistryConfig(config.registryAddress()))
                .protocol(protocol)
                .start();

        Map<String, String> parameters = providerParameters();
        ModelConfig model = config.model();
        ServiceConfig<GRPCInferenceService> oip = new ServiceConfig<>(application.getDefaultModule());
        oip.setInterface(GRPCInferenceService.class);
        oip.setRef(new OipInferenceService(engine::get, model.name(), model.version(), serverVersion()));
        oip.setParameters(parameters);
        export(oip);
        for (TypedModelService<?> typed : config.typedServices()) {
            export(typedService(application, typed, parameters));
        }
        log.info(
                "Model '{}' version {} exported on {}:{}, not registered until loaded and warmed up",
                model.name(),
                model.version(),
                config.host(),
                config.port());
    }

    private void configureQos(ApplicationConfig application, QosConfig qos) {
        application.setQosEnable(qos.enabled());
        if (!qos.enabled()) {
            return;
        }
        int port = qos.port() == 0 ? freePort(qos.host()) : qos.port();
        application.setQosHost(qos.host());
        application.setQosPort(port);
        application.setQosAcceptForeignIp(qos.acceptForeignIp());
        qosPort = port;
    }

    private static int freePort(String host) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(host), 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free QoS port on " + host + ": " + e.getMessage(), e);
        }
    }

    /**
     * The QoS port configured for Dubbo (the chosen one when {@link QosConfig#port()} is 0), where
     * {@code GET /metrics} answers; empty before {@link #exportUnregistered()} or with QoS off. Dubbo only warns when
     * the port is taken, so check it answers.
     */
    public OptionalInt qosPort() {
        int port = qosPort;
        return port < 0 ? OptionalInt.empty() : OptionalInt.of(port);
    }

    private void export(ServiceConfig<?> service) {
        service.export(RegisterTypeEnum.AUTO_REGISTER_BY_DEPLOYER);
        services.add(service);
    }

    /** Step 2: fetches, verifies, loads and warms up the model. */
    public void loadAndWarmUp() {
        FrameworkModel framework = frameworkModel;
        if (framework == null) {
            throw new IllegalStateException("call exportUnregistered() before loadAndWarmUp()");
        }
        ModelConfig model = config.model().withLoadOptions(effectiveLoadOptions());
        if (!config.artifactPolicy().confined()) {
            log.warn(
                    "Model '{}': the artifact policy accepts file: URIs anywhere this process can read (only the "
                            + "SHA-256 check protects it); confine it with ArtifactPolicy.filesUnder(<models root>)",
                    model.name());
        }
        ModelEngine created = loadEngine(
                model,
                new ArtifactResolver(
                        config.artifactPolicy(),
                        scheme -> extension(framework, ArtifactFetcher.class, model, scheme),
                        config.workDir()),
                runtime -> extension(framework, ModelLoader.class, model, runtime),
                observers(model));
        if (!engine.compareAndSet(null, created)) {
            created.close();
            throw new IllegalStateException("model '" + model.name() + "' is already loaded");
        }
        log.info(
                "Model '{}' version {} loaded ({} on {}, batching {}) and warmed up with {} requests",
                model.name(),
                model.version(),
                created.platform(),
                created.executionProvider(),
                created.batching() ? "on" : "off",
                model.warmup().requests());
    }

    /** The test observer and one from every {@link ModelServingListener}. */
    private BatchObserver observers(ModelConfig model) {
        List<BatchObserver> observers = new ArrayList<>();
        observers.add(batchObserver);
        Map<String, String> parameters = providerParameters();
        for (ModelServingListener listener : listeners()) {
            observers.add(listener.loading(model, parameters));
        }
        return BatchObserver.all(observers);
    }

    private Set<ModelServingListener> listeners() {
        ApplicationModel application = applicationModel;
        return application == null
                ? Set.of()
                : application.getExtensionLoader(ModelServingListener.class).getSupportedExtensionInstances();
    }

    /**
     * Fetches, verifies, loads and warms up a model: the part of {@link #loadAndWarmUp()} that needs no Dubbo.
     *
     * @throws ServingException of kind {@code ARTIFACT} when the artifact fails a check or does not load
     */
    public static ModelEngine loadEngine(
            ModelConfig model,
            ArtifactResolver resolver,
            java.util.function.Function<String, ModelLoader> loaders,
            BatchObserver batchObserver) {
        Path artifact = resolver.resolve(model.name(), model.artifactUri(), model.sha256());
        LoadedModel loaded = loaders.apply(model.runtime()).load(model.name(), artifact, model.loadOptions());
        try {
            ModelEngine created = new ModelEngine(model, loaded, System::nanoTime, batchObserver);
            created.warmUp();
            return created;
        } catch (RuntimeException e) {
            loaded.close();
            throw e;
        }
    }

    private static <T> T extension(FrameworkModel framework, Class<T> type, ModelConfig model, String name) {
        var loader = framework.getExtensionLoader(type);
        if (!loader.hasExtension(name)) {
            throw new ServingException(
                    ErrorKind.ARTIFACT,
                    model.name(),
                    "no " + type.getSimpleName() + " named '" + name + "' for model '" + model.name() + "'; available: "
                            + loader.getSupportedExtensions());
        }
        return loader.getExtension(name);
    }

    /** Step 3: registers every service, so consumers can find the provider. */
    public synchronized void register() {
        ModelEngine current = engine.get();
        if (current == null || !current.ready()) {
            throw new IllegalStateException("model '" + config.model().name() + "' is not loaded and warmed up; "
                    + "call loadAndWarmUp() before register()");
        }
        services.forEach(service -> service.register(true));
        log.info(
                "Model '{}' version {} registered",
                config.model().name(),
                config.model().version());
    }

    /**
     * The URL parameters published with every service: model, version, runtime and accelerator facts, and the QoS
     * port that serves {@code /metrics} (once exported with QoS on).
     */
    public Map<String, String> providerParameters() {
        ModelConfig model = config.model();
        Map<String, String> params = new LinkedHashMap<>();
        params.put(ModelProviderParams.MODEL, model.name());
        params.put(ModelProviderParams.MODEL_VERSION, model.version());
        params.put(ModelProviderParams.RUNTIME, model.runtime());
        AcceleratorInfo info = acceleratorInfo == null ? detectAccelerator(effectiveLoadOptions()) : acceleratorInfo;
        params.putAll(info.parameters());
        int metricsPort = qosPort;
        if (metricsPort > 0) {
            params.put(ModelProviderParams.METRICS_PORT, Integer.toString(metricsPort));
        }
        return params;
    }

    /** The load options in force: the configured ones, with a CUDA request the runtime cannot use here replaced. */
    private LoadOptions effectiveLoadOptions() {
        LoadOptions effective = loadOptions;
        return effective == null ? config.model().loadOptions() : effective;
    }

    /**
     * The hardware facts of the execution provider that runs the model: on the CPU always CPU (the model does not
     * use a GPU even when one is present); on CUDA the configured device's facts from {@code nvidia-smi}, else the
     * configured facts, else a GPU of unknown type (logged).
     */
    private AcceleratorInfo detectAccelerator(LoadOptions options) {
        if (options.executionProvider() != LoadOptions.ExecutionProvider.CUDA) {
            return AcceleratorInfo.CPU;
        }
        if (config.detectGpu()) {
            var detected = detector.detect(options.deviceId());
            if (detected.isPresent()) {
                return detected.get();
            }
        }
        return config.accelerator()
                .filter(a -> a.accelerator() == Accelerator.GPU)
                .orElseGet(() -> {
                    log.warn(
                            "Model '{}' runs on CUDA device {} but its GPU facts are unknown (nvidia-smi found "
                                    + "nothing and none are configured); advertising a GPU of unknown type and memory",
                            config.model().name(),
                            options.deviceId());
                    return new AcceleratorInfo(Accelerator.GPU, java.util.Optional.empty(), 1, 0);
                });
    }

    /** The engine, once loaded. */
    public @Nullable ModelEngine engine() {
        return engine.get();
    }

    /** The configuration. */
    public ModelServerConfig config() {
        return config;
    }

    /** The model signature, once loaded. */
    public ModelSignature signature() {
        ModelEngine current = engine.get();
        if (current == null) {
            throw new IllegalStateException("model '" + config.model().name() + "' is not loaded yet");
        }
        return current.signature();
    }

    private <T> ServiceConfig<T> typedService(
            ApplicationModel application, TypedModelService<T> typed, Map<String, String> parameters) {
        ModelInvoker invoker = new EngineInvoker();
        T adapter = typed.adapter().apply(invoker);
        ServiceConfig<T> service = new ServiceConfig<>(application.getDefaultModule());
        service.setInterface(typed.type());
        service.setRef(withLoadAttachments(typed.type(), adapter));
        service.setParameters(parameters);
        return service;
    }

    /** Wraps the adapter so every answer carries the served version and the load figures. */
    private <T> T withLoadAttachments(Class<T> type, T adapter) {
        String version = config.model().version();
        InvocationHandler handler = (proxy, method, args) -> {
            if (method.getDeclaringClass() == Object.class) {
                return method.invoke(adapter, args);
            }
            ModelEngine current = engine.get();
            RpcContext.getServerResponseContext()
                    .setAttachment(ModelAttachments.SERVED_VERSION, version)
                    .setAttachment(
                            ModelAttachments.LOAD_INFLIGHT, Integer.toString(current == null ? 0 : current.inFlight()))
                    .setAttachment(
                            ModelAttachments.LOAD_QUEUE, Integer.toString(current == null ? 0 : current.queueDepth()));
            try {
                return method.invoke(adapter, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler));
    }

    /** Unregisters, drains and closes. Idempotent. */
    @Override
    public synchronized void close() {
        for (ServiceConfig<?> service : services) {
            service.unexport();
        }
        services.clear();
        ModelEngine current = engine.getAndSet(null);
        if (current != null) {
            if (!current.drain(config.drainTimeout())) {
                log.warn(
                        "Model '{}': {} requests were still in flight after the drain timeout of {}",
                        config.model().name(),
                        current.inFlight(),
                        config.drainTimeout());
            }
            current.close();
            Map<String, String> parameters = providerParameters();
            for (ModelServingListener listener : listeners()) {
                listener.closed(config.model(), parameters);
            }
        }
        FrameworkModel framework = frameworkModel;
        frameworkModel = null;
        applicationModel = null;
        if (framework != null) {
            framework.destroy();
        }
    }

    private static String serverVersion() {
        String version = ModelServer.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }

    /** The model as the adapters of typed services see it. */
    private final class EngineInvoker implements ModelInvoker {
        @Override
        public Map<String, Tensor> infer(List<Tensor> inputs, Set<String> outputs) {
            ModelEngine current = engine.get();
            if (current == null) {
                throw new ServingException(
                        ErrorKind.NOT_READY,
                        config.model().name(),
                        "model '" + config.model().name() + "' is not loaded; retry on another provider");
            }
            return current.inferBlocking(inputs, outputs);
        }

        @Override
        public ModelSignature signature() {
            return ModelServer.this.signature();
        }
    }
}
