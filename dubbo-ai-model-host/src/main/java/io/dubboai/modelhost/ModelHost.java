package io.dubboai.modelhost;

import io.dubboai.artifact.S3Clients;
import io.dubboai.controlplane.fleet.Assignment;
import io.dubboai.controlplane.fleet.FleetDocuments;
import io.dubboai.controlplane.fleet.HostAssignments;
import io.dubboai.controlplane.fleet.HostCapacity;
import io.dubboai.controlplane.fleet.HostIndex;
import io.dubboai.controlplane.fleet.HostStatus;
import io.dubboai.controlplane.fleet.ServedState;
import io.dubboai.controlplane.fleet.ServedVersion;
import io.dubboai.controlplane.store.ConfigCenterDocumentStore;
import io.dubboai.controlplane.store.ConfigCenters;
import io.dubboai.controlplane.store.DocumentStore;
import io.dubboai.controlplane.store.JsonDocuments;
import io.dubboai.core.contract.Accelerator;
import io.dubboai.core.contract.ModelAttachments;
import io.dubboai.core.contract.ModelProviderParams;
import io.dubboai.core.secret.Secrets;
import io.dubboai.serving.ErrorKind;
import io.dubboai.serving.ServingException;
import io.dubboai.serving.artifact.ArtifactCache;
import io.dubboai.serving.artifact.ArtifactFetcher;
import io.dubboai.serving.artifact.ArtifactPolicy;
import io.dubboai.serving.artifact.ArtifactResolver;
import io.dubboai.serving.artifact.S3ArtifactFetcher;
import io.dubboai.serving.batch.BatchObserver;
import io.dubboai.serving.engine.ModelConfig;
import io.dubboai.serving.engine.ModelEngine;
import io.dubboai.serving.loader.LoadOptions;
import io.dubboai.serving.loader.LoadedModel;
import io.dubboai.serving.loader.ModelLoader;
import io.dubboai.serving.oip.OipInferenceService;
import io.dubboai.serving.oip.ServedModels;
import io.dubboai.serving.oip.grpc.GRPCInferenceService;
import io.dubboai.serving.provider.AcceleratorDetector;
import io.dubboai.serving.provider.AcceleratorInfo;
import io.dubboai.serving.provider.ModelServingListener;
import io.dubboai.serving.provider.QosConfig;
import io.dubboai.serving.registry.RegisteredVersion;
import io.dubboai.serving.registry.RegistryClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.dubbo.common.URL;
import org.apache.dubbo.common.constants.RegisterTypeEnum;
import org.apache.dubbo.config.ApplicationConfig;
import org.apache.dubbo.config.ProtocolConfig;
import org.apache.dubbo.config.RegistryConfig;
import org.apache.dubbo.config.ServiceConfig;
import org.apache.dubbo.config.bootstrap.DubboBootstrap;
import org.apache.dubbo.registry.Registry;
import org.apache.dubbo.registry.support.RegistryManager;
import org.apache.dubbo.rpc.RpcContext;
import org.apache.dubbo.rpc.model.ApplicationModel;
import org.apache.dubbo.rpc.model.FrameworkModel;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A model host: one Triple port that serves whatever model versions its assignments name, loaded and unloaded at run
 * time, like KServe ModelMesh.
 *
 * <p><b>Documents</b> ({@code io.dubboai.controlplane.fleet}, in {@link ModelHostConfig#documentGroup()}): at start
 * the host adds its id to {@code fleet.hosts}, then writes {@code fleet.host.<id>} (capacity, free memory, heartbeat,
 * every version's {@link ServedState}) at every change and every heartbeat interval; it watches
 * {@code fleet.assignments.<id>} (and re-reads it each heartbeat, in case a notification was missed).
 *
 * <p><b>An added version</b>: {@code LOADING} while the host reads it from the model registry (artifact, checksum,
 * signature, serving settings), fetches and verifies the artifact (through the cache), checks the memory it needs
 * against the free budget ({@code REFUSED} with the numbers when it does not fit, before anything is loaded), loads it
 * (the registered signature must match) and warms it up; only then the host registers a provider URL for it, with the
 * version's own model, version, runtime and accelerator parameters, and it is {@code READY}. Any failure leaves it
 * {@code FAILED} with the reason, and the host keeps serving the others. A failed or refused version is retried only
 * when it is unassigned and assigned again.
 *
 * <p><b>A removed version</b>: its provider URL is unregistered ({@code DRAINING}); it keeps answering for
 * {@link ModelHostConfig#drainGrace()} (calls that consumers routed before they heard of the removal), then waits for
 * its in-flight calls (at most {@link ModelHostConfig#drainTimeout()}), then is unloaded and its memory returns.
 *
 * <p><b>Dubbo</b>: one {@link FrameworkModel} and one application per host. The host exports one Open Inference
 * Protocol service, never registered as is: each version is registered as its own provider URL (interface-level
 * registration; application-level discovery would merge them into one service), so the router sees every version
 * exactly like a single-model provider. A request reaches the version its {@code model_name} names; when the host
 * holds several versions of that model, the request's {@code model_version}, else the pinned-version attachment,
 * chooses. Dubbo closes every Triple port of the JVM when any framework closes its Triple protocol: hosts in one JVM
 * (tests) must be closed together, at the end. Several versions share one {@code ip:port}, which only ZooKeeper
 * handles: on a Nacos registry a host serves one version at a time ({@link ModelHostConfig#maxVersions()} = 1,
 * {@link ModelHostConfig#NACOS_SHARED_PORT} says why); a version beyond {@code max-versions} is {@code REFUSED}.
 *
 * <p>Thread-safety: assignments are applied on one control thread; loads and drains run on a small pool; the served
 * map is concurrent; memory reservations and status writes are synchronized.
 */
public final class ModelHost implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ModelHost.class);

    /** How many unloaded versions a host remembers to answer their late calls with UNAVAILABLE. */
    private static final int UNLOADED_REMEMBERED = 1024;

    /** Provider URL parameter naming the host that serves a version. */
    public static final String HOST_ID_PARAM = ModelProviderParams.HOST_ID;

    private final ModelHostConfig config;
    private final AcceleratorDetector detector;
    private final Clock clock;
    private final Map<String, Hosted> hosted = new ConcurrentHashMap<>();
    /** Versions unloaded here and not assigned again (bounded, oldest forgotten first); calls to them are retryable. */
    private final Set<String> unloaded = Collections.newSetFromMap(Collections.synchronizedMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > UNLOADED_REMEMBERED;
        }
    }));

    private final ExecutorService control;
    private final ExecutorService workers;
    private final ScheduledExecutorService scheduler;

    private @Nullable FrameworkModel framework;
    private @Nullable ApplicationModel application;
    private @Nullable URL providerUrl;
    private @Nullable DocumentStore store;
    private @Nullable JsonDocuments<HostStatus> statuses;
    private @Nullable JsonDocuments<HostAssignments> assignments;
    private @Nullable ArtifactResolver resolver;
    private @Nullable RegistryClient registryClient;
    private @Nullable S3Client s3Client;
    private volatile int qosPort = -1;
    private LoadOptions loadOptions;
    private AcceleratorInfo acceleratorInfo = AcceleratorInfo.CPU;
    private volatile boolean closed;
    private final ServedModels servedModels = new HostedModels();

    /**
     * @param config the host's settings
     * @param detector finds the GPU's facts ({@link AcceleratorDetector#system()} in production)
     * @param clock the time written in status documents
     */
    public ModelHost(ModelHostConfig config, AcceleratorDetector detector, Clock clock) {
        this.config = config;
        this.detector = detector;
        this.clock = clock;
        this.loadOptions = config.loadOptions();
        this.control = Executors.newSingleThreadExecutor(daemon("model-host-" + config.hostId() + "-control"));
        this.workers = Executors.newFixedThreadPool(2, daemon("model-host-" + config.hostId() + "-worker"));
        this.scheduler =
                Executors.newSingleThreadScheduledExecutor(daemon("model-host-" + config.hostId() + "-heartbeat"));
    }

    /**
     * Starts Dubbo on the Triple port, registers the host in the fleet documents, publishes its status and starts
     * following its assignments. Returns {@code this}.
     *
     * @throws IllegalStateException when already started
     */
    public synchronized ModelHost start() {
        if (framework != null) {
            throw new IllegalStateException("model host '" + config.hostId() + "' is already started");
        }
        log.info("Model host starting: {}", String.join(", ", config.describe()));
        FrameworkModel newFramework = new FrameworkModel();
        framework = newFramework;
        ApplicationModel app = newFramework.newApplication();
        application = app;
        ModelLoader onnx = newFramework.getExtensionLoader(ModelLoader.class).getDefaultExtension();
        loadOptions = onnx.effectiveOptions("model host " + config.hostId(), config.loadOptions());
        acceleratorInfo = accelerator(loadOptions);

        ApplicationConfig applicationConfig = new ApplicationConfig("dubbo-ai-model-host-" + config.hostId());
        configureQos(applicationConfig);
        applicationConfig.setRegisterMode("interface");
        applicationConfig.setShutwait(Long.toString(config.drainTimeout().toMillis()));
        ProtocolConfig protocol = new ProtocolConfig("tri", config.port());
        protocol.setHost(config.bindHost());
        protocol.setQueues(1024);
        DubboBootstrap.getInstance(app)
                .application(applicationConfig)
                .registry(new RegistryConfig(config.registryAddress()))
                .protocol(protocol)
                .start();
        ServiceConfig<GRPCInferenceService> oip = new ServiceConfig<>(app.getDefaultModule());
        oip.setInterface(GRPCInferenceService.class);
        oip.setRef(new OipInferenceService(servedModels, serverVersion()));
        // the host id marks the service as a model host's for the monitor's provider filter, which then counts each
        // call under the model and version it is for; the accelerator facts tag those meters
        Map<String, String> exported = new LinkedHashMap<>(acceleratorInfo.parameters());
        exported.put(HOST_ID_PARAM, config.hostId());
        oip.setParameters(exported);
        // exported, never registered as is: each loaded version registers its own URL (register(...))
        oip.export(RegisterTypeEnum.MANUAL_REGISTER);
        providerUrl = oip.getExportedUrls().stream()
                .filter(url -> "tri".equals(url.getProtocol()))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException(
                        "the Triple export of model host '" + config.hostId() + "' produced no tri:// URL"))
                .removeParameter("register");

        s3Client = config.artifactSchemes().contains("s3")
                ? S3Clients.create(
                        config.s3().endpoint(),
                        config.s3().region(),
                        config.s3().pathStyle(),
                        config.s3().profile())
                : null;
        S3Client s3 = s3Client;
        resolver = new ArtifactResolver(
                new ArtifactPolicy(config.artifactSchemes(), Optional.empty()),
                scheme -> scheme.equals("s3") && s3 != null ? new S3ArtifactFetcher(s3) : fetcher(newFramework, scheme),
                new ArtifactCache(config.cacheDir(), config.cacheBudgetBytes()));
        registryClient =
                new RegistryClient(config.modelRegistryUri(), config.modelRegistryToken(), Duration.ofSeconds(30));

        DocumentStore documents = new ConfigCenterDocumentStore(
                ConfigCenters.open(config.configCenterAddress(), app),
                config.documentGroup(),
                ConfigCenterDocumentStore.DEFAULT_MAX_DOCUMENT_BYTES,
                "config center " + Secrets.maskAddress(config.configCenterAddress()));
        store = documents;
        statuses = new JsonDocuments<>(documents, HostStatus.class);
        assignments = new JsonDocuments<>(documents, HostAssignments.class);
        joinIndex(new JsonDocuments<>(documents, HostIndex.class));
        publishStatus();
        documents.watch(
                FleetDocuments.assignmentsKey(config.hostId()), (key, content) -> control.execute(this::reconcile));
        long beat = config.heartbeatInterval().toMillis();
        scheduler.scheduleWithFixedDelay(this::heartbeat, beat, beat, TimeUnit.MILLISECONDS);
        control.execute(this::reconcile);
        log.info(
                "Model host '{}' serving on {}:{} ({}, memory budget {} bytes); following {}",
                config.hostId(),
                config.bindHost(),
                config.port(),
                acceleratorInfo.accelerator().wireName(),
                config.memoryBudgetBytes(),
                FleetDocuments.assignmentsKey(config.hostId()));
        return this;
    }

    /**
     * How long each step of making a version ready took, once it is {@code READY} on this host; empty otherwise.
     */
    public Optional<LoadTimings> loadTimings(String model, String version) {
        Hosted h = hosted.get(key(model, version));
        return h == null ? Optional.empty() : Optional.ofNullable(h.timings);
    }

    /**
     * The steps of making a version ready.
     *
     * @param registryLookup reading the version from the registry
     * @param fetchAndVerify fetching the artifact (or finding it in the cache) and checking its SHA-256
     * @param load loading it into the runtime (signature check included)
     * @param warmUp the synthetic warm-up requests
     * @param register registering its provider URL
     */
    public record LoadTimings(
            Duration registryLookup, Duration fetchAndVerify, Duration load, Duration warmUp, Duration register) {
        @Override
        public String toString() {
            return "registry " + registryLookup.toMillis() + " ms, fetch+verify " + fetchAndVerify.toMillis()
                    + " ms, load " + load.toMillis() + " ms, warm-up " + warmUp.toMillis() + " ms, register "
                    + register.toMillis() + " ms";
        }
    }

    /**
     * The port of Dubbo's QoS server, where {@code GET /metrics} serves every version's meters; published with each
     * version as {@link ModelProviderParams#METRICS_PORT}. Empty before {@link #start()} or with QoS off.
     */
    public OptionalInt qosPort() {
        int port = qosPort;
        return port < 0 ? OptionalInt.empty() : OptionalInt.of(port);
    }

    private void configureQos(ApplicationConfig application) {
        QosConfig qos = config.qos();
        application.setQosEnable(qos.enabled());
        if (!qos.enabled()) {
            return;
        }
        int port = qos.port();
        if (port == 0) {
            try (ServerSocket socket = new ServerSocket()) {
                socket.bind(new InetSocketAddress(InetAddress.getByName(qos.host()), 0));
                port = socket.getLocalPort();
            } catch (IOException e) {
                throw new UncheckedIOException(
                        "cannot find a free QoS port on " + qos.host() + ": " + e.getMessage(), e);
            }
        }
        application.setQosHost(qos.host());
        application.setQosPort(port);
        application.setQosAcceptForeignIp(qos.acceptForeignIp());
        qosPort = port;
    }

    /** The host's configuration. */
    public ModelHostConfig config() {
        return config;
    }

    /** The status this host would write now. */
    public HostStatus status() {
        List<ServedVersion> versions = new ArrayList<>();
        hosted.values().stream()
                .sorted(Comparator.comparing((Hosted h) -> h.model).thenComparing(h -> h.version))
                .forEach(h -> versions.add(h.view()));
        return new HostStatus(
                config.hostId(),
                config.bindHost() + ":" + config.port(),
                new HostCapacity(
                        config.memoryBudgetBytes(),
                        loadOptions.executionProvider().name().toLowerCase(java.util.Locale.ROOT),
                        acceleratorInfo.gpuType().orElse(null),
                        acceleratorInfo.gpuMemoryMib() << 20),
                config.memoryBudgetBytes() - reservedBytes(),
                clock.instant(),
                versions);
    }

    // ------------------------------------------------------------------ assignments

    private void joinIndex(JsonDocuments<HostIndex> index) {
        String id = config.hostId();
        if (!index.create(FleetDocuments.HOST_INDEX_KEY, new HostIndex(List.of(id)))) {
            index.update(FleetDocuments.HOST_INDEX_KEY, current -> {
                if (current.hosts().contains(id)) {
                    return current;
                }
                List<String> hosts = new ArrayList<>(current.hosts());
                hosts.add(id);
                return new HostIndex(hosts);
            });
        }
    }

    /** Applies the assignments document: loads what was added, drains what was removed. Runs on the control thread. */
    private void reconcile() {
        JsonDocuments<HostAssignments> docs = assignments;
        if (closed || docs == null) {
            return;
        }
        Set<String> desired = new LinkedHashSet<>();
        Map<String, Assignment> byKey = new LinkedHashMap<>();
        try {
            docs.read(FleetDocuments.assignmentsKey(config.hostId()))
                    .ifPresent(doc -> doc.versions().forEach(a -> {
                        desired.add(key(a.model(), a.version()));
                        byKey.put(key(a.model(), a.version()), a);
                    }));
        } catch (RuntimeException e) {
            log.warn(
                    "Model host '{}': cannot read its assignments, keeping what it serves: {}",
                    config.hostId(),
                    e.getMessage());
            return;
        }
        boolean changed = false;
        // removals first: a version replacing another on a host limited by max-versions finds its slot free
        for (Hosted h : List.copyOf(hosted.values())) {
            if (desired.contains(key(h.model, h.version))) {
                continue;
            }
            changed |= unassign(h);
        }
        for (String key : desired) {
            if (!hosted.containsKey(key)) {
                Assignment assignment = byKey.get(key);
                Hosted h = new Hosted(assignment.model(), assignment.version(), clock.instant());
                hosted.put(key, h);
                unloaded.remove(key);
                log.info(
                        "Model host '{}': assigned model '{}' version {}{}; loading",
                        config.hostId(),
                        h.model,
                        h.version,
                        assignment.owner() == null ? "" : " by " + assignment.owner());
                workers.execute(() -> load(h));
                changed = true;
            }
        }
        if (changed) {
            publishStatus();
        }
    }

    /** Starts removing an unassigned version; true when something changed. */
    private boolean unassign(Hosted h) {
        synchronized (h) {
            switch (h.state) {
                case FAILED, REFUSED -> {
                    hosted.remove(key(h.model, h.version), h);
                    return true;
                }
                case LOADING -> {
                    // the load ends by itself and then sees it is no longer wanted
                    h.cancelled = true;
                    return false;
                }
                case READY -> {
                    h.move(ServedState.DRAINING, null, clock.instant());
                }
                default -> {
                    return false;
                }
            }
        }
        log.info(
                "Model host '{}': model '{}' version {} unassigned; unregistered, draining",
                config.hostId(),
                h.model,
                h.version);
        unregister(h);
        scheduler.schedule(
                () -> workers.execute(() -> unload(h)), config.drainGrace().toMillis(), TimeUnit.MILLISECONDS);
        return true;
    }

    // ------------------------------------------------------------------ loading

    private void load(Hosted h) {
        long started = System.nanoTime();
        try {
            claimSlot(h);
            RegisteredVersion registered = requireRegistry().version(h.model, h.version);
            long looked = System.nanoTime();
            ModelConfig model = registered.toModelConfig().withLoadOptions(loadOptions);
            if (registered.memoryBytes().isPresent()) {
                reserve(h, registered.memoryBytes().getAsLong(), "its serving.memory-bytes parameter");
            }
            Path artifact = requireResolver().resolve(h.model, model.artifactUri(), model.sha256());
            long fetched = System.nanoTime();
            if (h.reservedBytes == 0) {
                long size = Files.size(artifact);
                long need = (long) Math.ceil(size * config.memoryFactor());
                reserve(
                        h,
                        need,
                        "its " + size + "-byte artifact x memory factor " + config.memoryFactor()
                                + " (set serving.memory-bytes on the version to say otherwise)");
            }
            long[] loadedAt = new long[1];
            ModelEngine engine = engine(model, artifact, loadedAt);
            long warmed = System.nanoTime();
            boolean cancelled;
            synchronized (h) {
                cancelled = h.cancelled || closed;
                if (!cancelled) {
                    h.engine = engine;
                }
            }
            if (cancelled) {
                engine.close();
                release(h);
                publishStatus();
                return;
            }
            register(h);
            long registered2 = System.nanoTime();
            h.timings = new LoadTimings(
                    Duration.ofNanos(looked - started),
                    Duration.ofNanos(fetched - looked),
                    Duration.ofNanos(loadedAt[0] - fetched),
                    Duration.ofNanos(warmed - loadedAt[0]),
                    Duration.ofNanos(registered2 - warmed));
            synchronized (h) {
                h.move(ServedState.READY, null, clock.instant());
            }
            log.info(
                    "Model host '{}': model '{}' version {} READY in {} ms ({}; on {}), holding {} bytes of the budget",
                    config.hostId(),
                    h.model,
                    h.version,
                    (registered2 - started) / 1_000_000,
                    h.timings,
                    engine.executionProvider(),
                    h.reservedBytes);
        } catch (Refused e) {
            fail(h, ServedState.REFUSED, e.getMessage());
        } catch (ServingException
                | io.dubboai.serving.registry.RegistryLookupException
                | IllegalStateException
                | IllegalArgumentException e) {
            fail(h, ServedState.FAILED, e.getMessage());
        } catch (IOException e) {
            fail(h, ServedState.FAILED, "cannot read the fetched artifact: " + e.getMessage());
        } catch (RuntimeException e) {
            log.error("Model host '{}': unexpected failure loading '{}' v{}", config.hostId(), h.model, h.version, e);
            fail(h, ServedState.FAILED, "unexpected " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        publishStatus();
    }

    private ModelEngine engine(ModelConfig model, Path artifact, long[] loadedAt) {
        FrameworkModel current = framework;
        if (current == null) {
            throw new IllegalStateException("model host '" + config.hostId() + "' is closed");
        }
        var loaders = current.getExtensionLoader(ModelLoader.class);
        if (!loaders.hasExtension(model.runtime())) {
            throw new ServingException(
                    ErrorKind.ARTIFACT,
                    model.name(),
                    "no model runtime named '" + model.runtime() + "' on this host; available: "
                            + loaders.getSupportedExtensions());
        }
        LoadedModel loaded = loaders.getExtension(model.runtime()).load(model.name(), artifact, model.loadOptions());
        try {
            ModelEngine engine = new ModelEngine(model, loaded, System::nanoTime, observers(model));
            loadedAt[0] = System.nanoTime();
            engine.warmUp();
            return engine;
        } catch (RuntimeException e) {
            loaded.close();
            throw e;
        }
    }

    /** One batch observer per {@link ModelServingListener} (the monitor's batcher metrics), for this version. */
    private BatchObserver observers(ModelConfig model) {
        List<BatchObserver> observers = new ArrayList<>();
        for (ModelServingListener listener : listeners()) {
            observers.add(listener.loading(model, versionParameters(model.name(), model.version(), model.runtime())));
        }
        return observers.isEmpty() ? BatchObserver.NONE : BatchObserver.all(observers);
    }

    /**
     * Tells the listeners the host closed, once per version it held then. Not called when one version is unloaded:
     * the monitor's listener stops its GPU sampler on {@code closed}, which the host's other versions still need.
     */
    private void closed(ModelEngine engine) {
        ModelConfig model = engine.config();
        for (ModelServingListener listener : listeners()) {
            try {
                listener.closed(model, versionParameters(model.name(), model.version(), model.runtime()));
            } catch (RuntimeException e) {
                log.warn("Model host '{}': a serving listener failed on unload: {}", config.hostId(), e.toString());
            }
        }
    }

    private Set<ModelServingListener> listeners() {
        ApplicationModel app = application;
        return app == null
                ? Set.of()
                : app.getExtensionLoader(ModelServingListener.class).getSupportedExtensionInstances();
    }

    private void fail(Hosted h, ServedState state, @Nullable String reason) {
        String why = reason == null ? "no reason given" : reason;
        log.warn("Model host '{}': model '{}' version {} {}: {}", config.hostId(), h.model, h.version, state, why);
        release(h);
        synchronized (h) {
            if (h.cancelled) {
                hosted.remove(key(h.model, h.version), h);
                return;
            }
            h.move(state, why, clock.instant());
        }
    }

    /**
     * Counts a version against {@code max-versions} (when set), or throws {@link Refused} naming the versions that
     * hold the slots. Loading and ready versions count; draining, failed and refused ones do not.
     */
    private synchronized void claimSlot(Hosted h) {
        int max = config.maxVersions();
        if (max == 0) {
            return;
        }
        List<String> holding = hosted.values().stream()
                .filter(other -> other != h && other.slotted)
                .filter(other -> other.state() == ServedState.LOADING || other.state() == ServedState.READY)
                .map(other -> "'" + other.model + "' version " + other.version)
                .toList();
        if (holding.size() >= max) {
            throw new Refused("model host '" + config.hostId() + "' serves at most " + max + " version(s) at a time ("
                    + ModelHostConfig.PREFIX + "max-versions=" + max
                    + (ModelHostConfig.isNacos(config.registryAddress()) ? ", required on its Nacos registry" : "")
                    + ") and holds " + holding + "; assign this version to another host, or unassign those first");
        }
        h.slotted = true;
    }

    /** Reserves memory for a version, or throws {@link Refused} with the numbers. */
    private synchronized void reserve(Hosted h, long bytes, String basis) {
        long free = config.memoryBudgetBytes() - reservedBytes();
        if (bytes > free) {
            StringBuilder holders = new StringBuilder();
            hosted.values().stream()
                    .filter(other -> other != h && other.reservedBytes > 0)
                    .forEach(other -> holders.append(holders.isEmpty() ? "" : ", ")
                            .append(other.model)
                            .append(" v")
                            .append(other.version)
                            .append(" holds ")
                            .append(other.reservedBytes));
            throw new Refused("needs " + bytes + " bytes (" + basis + ") but only " + free + " of the host's "
                    + config.memoryBudgetBytes() + "-byte budget are free"
                    + (holders.isEmpty() ? "" : " (" + holders + ")")
                    + "; assign it to a host with more free memory or unassign another version here");
        }
        h.reservedBytes = bytes;
    }

    private synchronized void release(Hosted h) {
        h.reservedBytes = 0;
    }

    private synchronized long reservedBytes() {
        long total = 0;
        for (Hosted h : hosted.values()) {
            total += h.reservedBytes;
        }
        return total;
    }

    // ------------------------------------------------------------------ draining

    private void unload(Hosted h) {
        ModelEngine engine;
        synchronized (h) {
            engine = h.engine;
        }
        if (engine != null && !engine.drain(config.drainTimeout())) {
            log.warn(
                    "Model host '{}': model '{}' version {} still had {} calls in flight after the drain timeout of {}",
                    config.hostId(),
                    h.model,
                    h.version,
                    engine.inFlight(),
                    config.drainTimeout());
        }
        unloaded.add(key(h.model, h.version));
        hosted.remove(key(h.model, h.version), h);
        if (engine != null) {
            engine.close();
        }
        release(h);
        log.info(
                "Model host '{}': model '{}' version {} unloaded; {} bytes free",
                config.hostId(),
                h.model,
                h.version,
                config.memoryBudgetBytes() - reservedBytes());
        publishStatus();
    }

    // ------------------------------------------------------------------ registration

    private void register(Hosted h) {
        URL url = versionUrl(h);
        for (Registry registry : registries()) {
            registry.register(url);
        }
        h.registeredUrl = url;
    }

    private void unregister(Hosted h) {
        URL url = h.registeredUrl;
        if (url == null) {
            return;
        }
        for (Registry registry : registries()) {
            try {
                registry.unregister(url);
            } catch (RuntimeException e) {
                log.warn("Model host '{}': cannot unregister {}: {}", config.hostId(), url, e.getMessage());
            }
        }
        h.registeredUrl = null;
    }

    private URL versionUrl(Hosted h) {
        URL base = providerUrl;
        if (base == null) {
            throw new IllegalStateException("model host '" + config.hostId() + "' is not started");
        }
        ModelEngine engine = h.engine;
        return base.addParameters(versionParameters(
                h.model,
                h.version,
                engine == null ? "onnxruntime" : engine.config().runtime()));
    }

    /** What a version's provider URL publishes: as a single-model provider's, with the host's metrics port. */
    private Map<String, String> versionParameters(String model, String version, String runtime) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put(ModelProviderParams.MODEL, model);
        params.put(ModelProviderParams.MODEL_VERSION, version);
        params.put(ModelProviderParams.RUNTIME, runtime);
        params.putAll(acceleratorInfo.parameters());
        int metricsPort = qosPort;
        if (metricsPort > 0) {
            params.put(ModelProviderParams.METRICS_PORT, Integer.toString(metricsPort));
        }
        return params;
    }

    private List<Registry> registries() {
        ApplicationModel app = application;
        if (app == null) {
            return List.of();
        }
        return app.getBeanFactory().getBean(RegistryManager.class).getRegistries().stream()
                .filter(registry -> !registry.isServiceDiscovery())
                .toList();
    }

    // ------------------------------------------------------------------ status

    private void heartbeat() {
        try {
            publishStatus();
            control.execute(this::reconcile);
        } catch (RuntimeException e) {
            log.warn("Model host '{}': heartbeat failed: {}", config.hostId(), e.getMessage());
        }
    }

    private synchronized void publishStatus() {
        JsonDocuments<HostStatus> docs = statuses;
        if (docs == null) {
            return;
        }
        HostStatus status = status();
        String key = FleetDocuments.hostKey(config.hostId());
        try {
            if (!docs.create(key, status)) {
                docs.update(key, previous -> status);
            }
        } catch (RuntimeException e) {
            log.warn("Model host '{}': cannot write its status {}: {}", config.hostId(), key, e.getMessage());
        }
    }

    // ------------------------------------------------------------------ closing

    /**
     * Stops following assignments, unregisters every version, drains and unloads them, writes a last status with no
     * versions, and closes Dubbo (and with it every Triple port of this JVM). Idempotent.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        scheduler.shutdownNow();
        control.shutdown();
        DocumentStore documents = store;
        if (documents != null) {
            try {
                documents.unwatch(FleetDocuments.assignmentsKey(config.hostId()));
            } catch (RuntimeException e) {
                log.debug("unwatch failed", e);
            }
        }
        List<Hosted> all = List.copyOf(hosted.values());
        all.forEach(this::unregister);
        for (Hosted h : all) {
            ModelEngine engine = h.engine;
            if (engine != null) {
                engine.drain(config.drainTimeout());
                engine.close();
                closed(engine);
            }
            hosted.remove(key(h.model, h.version));
        }
        workers.shutdownNow();
        publishStatus();
        S3Client s3 = s3Client;
        if (s3 != null) {
            s3.close();
        }
        FrameworkModel current = framework;
        if (current != null) {
            current.destroy();
        }
        log.info("Model host '{}' closed", config.hostId());
    }

    // ------------------------------------------------------------------ helpers

    private AcceleratorInfo accelerator(LoadOptions options) {
        if (options.executionProvider() != LoadOptions.ExecutionProvider.CUDA) {
            return AcceleratorInfo.CPU;
        }
        return detector.detect(options.deviceId()).orElseGet(() -> {
            log.warn(
                    "Model host '{}' loads on CUDA device {} but nvidia-smi gave no facts; advertising a GPU of unknown "
                            + "type and memory",
                    config.hostId(),
                    options.deviceId());
            return new AcceleratorInfo(Accelerator.GPU, Optional.empty(), 1, 0);
        });
    }

    private static ArtifactFetcher fetcher(FrameworkModel framework, String scheme) {
        var loader = framework.getExtensionLoader(ArtifactFetcher.class);
        if (!loader.hasExtension(scheme)) {
            throw new ServingException(
                    ErrorKind.ARTIFACT,
                    "-",
                    "no artifact fetcher for scheme '" + scheme + "'; available: " + loader.getSupportedExtensions());
        }
        return loader.getExtension(scheme);
    }

    private RegistryClient requireRegistry() {
        RegistryClient client = registryClient;
        if (client == null) {
            throw new IllegalStateException("model host '" + config.hostId() + "' is not started");
        }
        return client;
    }

    private ArtifactResolver requireResolver() {
        ArtifactResolver current = resolver;
        if (current == null) {
            throw new IllegalStateException("model host '" + config.hostId() + "' is not started");
        }
        return current;
    }

    private static String key(String model, String version) {
        return model + "\n" + version;
    }

    private static String serverVersion() {
        String version = ModelHost.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    /** An assignment that does not fit the free memory. */
    private static final class Refused extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message, null, false, false);
        }
    }

    /** One assigned version on this host. Fields other than the names are guarded by the instance's lock. */
    private static final class Hosted {
        final String model;
        final String version;
        ServedState state = ServedState.LOADING;

        @Nullable
        String reason;

        Instant since;
        volatile long reservedBytes;
        volatile @Nullable ModelEngine engine;
        volatile @Nullable URL registeredUrl;
        /** Counted against {@code max-versions} (set once it claimed a slot). */
        volatile boolean slotted;

        volatile @Nullable LoadTimings timings;
        boolean cancelled;

        Hosted(String model, String version, Instant since) {
            this.model = model;
            this.version = version;
            this.since = since;
        }

        void move(ServedState next, @Nullable String why, Instant at) {
            state = next;
            reason = why;
            since = at;
        }

        synchronized ServedVersion view() {
            return new ServedVersion(model, version, state, reason, reservedBytes, since);
        }

        synchronized ServedState state() {
            return state;
        }
    }

    /** What the host's one Open Inference Protocol service dispatches to (for tests). */
    ServedModels servedModels() {
        return servedModels;
    }

    /** The versions the host's one OIP service dispatches to. */
    private final class HostedModels implements ServedModels {

        @Override
        public ServedModel require(String name, String requested) {
            String version = versionToServe(name, requested);
            List<Hosted> candidates = new ArrayList<>();
            boolean loading = false;
            for (Hosted h : hosted.values()) {
                if (!h.model.equals(name) || (!version.isEmpty() && !h.version.equals(version))) {
                    continue;
                }
                ServedState state = h.state();
                ModelEngine engine = h.engine;
                if (engine != null && (state == ServedState.READY || state == ServedState.DRAINING)) {
                    candidates.add(h);
                } else if (state == ServedState.LOADING) {
                    loading = true;
                }
            }
            if (candidates.size() > 1) {
                List<Hosted> ready = candidates.stream()
                        .filter(h -> h.state() == ServedState.READY)
                        .toList();
                if (ready.size() == 1) {
                    candidates = ready;
                }
            }
            if (candidates.size() == 1) {
                Hosted h = candidates.get(0);
                ModelEngine engine = h.engine;
                if (engine != null && engine.ready()) {
                    return new ServedModel(h.model, h.version, engine);
                }
            }
            if (candidates.size() > 1) {
                throw new ServingException(
                        ErrorKind.MODEL_NOT_FOUND,
                        name,
                        "model host '" + config.hostId() + "' serves versions "
                                + candidates.stream()
                                        .map(h -> h.version)
                                        .sorted()
                                        .toList() + " of model '" + name
                                + "'; name model_version in the request or pin a version with the "
                                + ModelAttachments.VERSION + " attachment");
            }
            boolean inTransition = loading || !candidates.isEmpty();
            if (inTransition || wasUnloaded(name, version)) {
                throw new ServingException(
                        ErrorKind.NOT_READY,
                        name,
                        "model '" + name + "'" + (version.isEmpty() ? "" : " version '" + version + "'")
                                + (inTransition ? " is loading or draining on" : " was unloaded (unassigned) from")
                                + " model host '" + config.hostId() + "'; retry on another provider");
            }
            throw new ServingException(
                    ErrorKind.MODEL_NOT_FOUND,
                    name,
                    "model '" + name + "'" + (version.isEmpty() ? "" : " version '" + version + "'")
                            + " is not served by model host '" + config.hostId() + "'");
        }

        /**
         * The version a call must get: the one the consumer's router chose (the routed-version attachment), else
         * the request's {@code model_version}, else a pinned version; empty when none says.
         */
        private String versionToServe(String name, String requested) {
            String routed = attachment(ModelAttachments.ROUTED_VERSION);
            if (routed == null) {
                return requested.isEmpty()
                        ? Objects.requireNonNullElse(attachment(ModelAttachments.VERSION), "")
                        : requested;
            }
            if (!requested.isEmpty() && !requested.equals(routed)) {
                throw new ServingException(
                        ErrorKind.INVALID_INPUT,
                        name,
                        "the request names model_version '" + requested + "' of model '" + name
                                + "' but the consumer's router sent it to version '" + routed + "' (attachment "
                                + ModelAttachments.ROUTED_VERSION + "); leave model_version empty, or pin version '"
                                + requested + "' with the " + ModelAttachments.VERSION + " attachment so the router "
                                + "chooses it");
            }
            return routed;
        }

        private static @Nullable String attachment(String key) {
            String value = RpcContext.getServerAttachment().getAttachment(key);
            return value == null || value.isBlank() ? null : value.trim();
        }

        private boolean wasUnloaded(String name, String version) {
            if (!version.isEmpty()) {
                return unloaded.contains(key(name, version));
            }
            String prefix = key(name, "");
            synchronized (unloaded) {
                return unloaded.stream().anyMatch(k -> k.startsWith(prefix));
            }
        }

        @Override
        public boolean anyReady() {
            return hosted.values().stream().anyMatch(h -> h.state() == ServedState.READY);
        }
    }
}
