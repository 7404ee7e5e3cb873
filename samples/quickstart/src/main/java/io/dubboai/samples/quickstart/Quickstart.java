package io.dubboai.samples.quickstart;

import com.fasterxml.jackson.databind.JsonNode;
import io.dubboai.core.rule.RouteRules;
import io.dubboai.core.rule.TrafficSplit;
import io.dubboai.samples.consumer.ModelConsumerMain;
import io.dubboai.samples.consumer.ServedReport;
import io.dubboai.samples.consumer.ServedReport.Mode;
import io.dubboai.samples.provider.DemoModel;
import io.dubboai.samples.provider.ModelProviderMain;
import io.dubboai.samples.provider.Options;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The one-command quickstart, on embedded defaults or in universal mode on an external Nacos ({@link Backend}). It
 * starts, each as its own JVM on loopback:
 *
 * <ol>
 *   <li>the admin server ({@code dubbo-ai-server}; embedded mode: its own ZooKeeper as registry and config center,
 *       single-node election, file artifacts; universal mode: the Nacos as registry and config center, the lease
 *       election in the Nacos config center, file artifacts), and reads the admin token it prints on first start;
 *   <li>registers model {@value #MODEL} with two versions (two generated ONNX models, uploaded and verified by SHA-256)
 *       and the aliases {@code champion → 1}, {@code challenger → 2}, which the registry writes into the route rule,
 *       and adds a 50/50 weighted split to that rule through the server's route-rule API;
 *   <li>one provider per version, each serving the artifact the registry stored;
 *   <li>a consumer sending steady traffic routed by {@code dubbo-ai-router} in each of its modes: by alias, pinned to a
 *       version, by sticky key, and by the weighted split.
 * </ol>
 *
 * Then it prints where to look and, every two seconds, which version served which calls. With {@code --smoke} it
 * instead moves {@code champion} to version 2, waits until the traffic follows, and exits: 0 when it did, 1
 * otherwise. Separate JVMs are deliberate: Dubbo keeps Triple servers and ZooKeeper watches in JVM-wide maps, so one
 * provider per JVM is how it runs in production too.
 *
 * <p>Ctrl-C (or {@link #close()}) stops the consumer, then the providers, which drain and deregister while the
 * registry still runs, then the server; children ignore the terminal's signals ({@link ChildProcess}), so this order holds
 * however the launcher is stopped, short of SIGKILL. Once stopping has begun no child starts.
 */
public final class Quickstart implements AutoCloseable {

    static final String MODEL = "risk";

    /** The versions the consumer pins calls to: both registered versions. */
    static final List<String> PINNED = List.of("1", "2");

    /** The consumer's sticky keys, as user ids; under the 50/50 split the first two hash to version 1, the others to 2. */
    static final List<String> STICKY_KEYS = List.of("alice", "bob", "ivan", "peggy");

    /** The weighted split the quickstart adds to the route rule: what sticky keys and unrouted calls follow. */
    static final List<TrafficSplit> SPLIT = List.of(new TrafficSplit("1", 50), new TrafficSplit("2", 50));

    private static final Duration SERVER_START = Duration.ofMinutes(4);
    private static final Duration PROVIDER_START = Duration.ofMinutes(3);
    private static final Duration TRAFFIC_WAIT = Duration.ofMinutes(3);
    private static final Duration STOP_GRACE = Duration.ofSeconds(15);
    private static final Duration PROVIDER_DRAIN = Duration.ofSeconds(3);
    private static final Pattern TOKEN = Pattern.compile("Authorization: Bearer (dai_\\S+)");
    private static final Pattern PROVIDER_READY = Pattern.compile("(PROVIDER READY)");

    /** What a child is; the quickstart stops them in the reverse of this order, each role's children together. */
    private enum Role {
        SERVER,
        PROVIDER,
        CONSUMER
    }

    private record Child(Role role, ChildProcess process) {}

    private final Path serverJar;
    private String baseUrl = "";
    private String adminToken = "";
    private @org.jspecify.annotations.Nullable RegistryClient registryClient;
    /** Where each version's metrics and drift are seen, and the smoke check of them. */
    private final MonitoringStep monitoring = new MonitoringStep();

    private final Path dataDir;
    private final Backend backend;
    private final Object lock = new Object();
    // guarded by lock: a child starts only while stopping is false, and every started child is in the list
    private final List<Child> children = new ArrayList<>();
    private boolean stopping;
    private final CompletableFuture<Void> stopped = new CompletableFuture<>();
    private volatile Traffic lastTraffic = new Traffic(Map.of(), 0);
    private volatile long reports;

    Quickstart(Path serverJar, Path dataDir, Backend backend) {
        this.serverJar = serverJar;
        this.dataDir = dataDir;
        this.backend = backend;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = Options.parse(args);
        Path serverJar = Path.of(
                options.getOrDefault("server-jar", System.getProperty("quickstart.serverJar", defaultServerJar())));
        Backend backend = options.containsKey("nacos") ? Backend.nacos(options.get("nacos")) : Backend.EMBEDDED;
        Path dataDir = Files.createTempDirectory("dubbo-ai-quickstart");
        Quickstart quickstart = new Quickstart(serverJar, dataDir, backend);
        Runtime.getRuntime().addShutdownHook(new Thread(quickstart::close, "quickstart-stop"));
        int code;
        try {
            if (options.containsKey("smoke")) {
                SmokeResult result = quickstart.smoke();
                System.out.println(result);
                String decision = quickstart.experiment();
                code = result.passed() && !decision.isEmpty() ? 0 : 1;
            } else {
                RegistryClient started = quickstart.start();
                Thread experiment = new Thread(
                        () -> {
                            try {
                                quickstart.canaryOnceServing(started); // one activity per model: the canary first
                                quickstart.experiment();
                            } catch (TimeoutException | RuntimeException e) {
                                System.out.println("experiment step: " + e.getMessage());
                            }
                        },
                        "quickstart-experiment");
                experiment.setDaemon(true);
                experiment.start();
                ChildProcess exited = quickstart.awaitChildExit();
                if (!quickstart.isStopping()) {
                    System.out.println(exited.name() + " exited on its own; see " + exited.log());
                }
                code = 1;
            }
        } catch (RuntimeException | TimeoutException e) {
            if (!quickstart.isStopping()) {
                System.out.println("quickstart failed: " + e.getMessage() + "\nlogs: " + dataDir.resolve("logs"));
            }
            code = 1;
        }
        quickstart.close();
        System.exit(code);
    }

    /**
     * What the smoke run saw.
     *
     * @param before traffic before the alias move
     * @param after traffic after it
     * @param followed whether champion traffic moved to version 2
     * @param aiTab whether the server served the console's AI tab at {@code /ai/}
     * @param metrics whether each provider's {@code /metrics} counted its own version's requests
     * @param servingSeen whether the registry's readiness view ({@code GET …/versions/{v}/serving}) saw a ready
     *     provider of each version
     * @param canary how the canary of version 2 ended; null when the run stopped before it
     */
    record SmokeResult(
            Traffic before,
            Traffic after,
            boolean followed,
            boolean aiTab,
            boolean metrics,
            boolean servingSeen,
            CanaryDemo.@org.jspecify.annotations.Nullable Result canary) {

        boolean passed() {
            return followed && aiTab && metrics && servingSeen && (canary == null || canary.succeeded());
        }
    }

    /**
     * Starts everything, waits for a report with calls of every routing mode in which {@code champion} calls were served
     * by version 1 and {@code challenger} calls by version 2, moves the champion alias to version 2 and waits for a
     * report with calls of every mode in which version 2 served every {@code champion} call.
     */
    SmokeResult smoke() throws TimeoutException {
        RegistryClient registry = start();
        boolean aiTab = aiTabServed();
        Traffic before = awaitTraffic(
                t -> t.served("champion", "1") > 0 && t.served("challenger", "2") > 0 && everyModeCalled(t));
        System.out.println("Both versions serve: " + before + ".");
        // the consumer sees version 2's provider; the registry's readiness view hears of it through its own
        // subscription,
        // up to Dubbo's notification delay later (5 s), and refuses the move until then: wait for it, as a user would
        awaitReadyProvider(registry, 2);
        System.out.println("The registry sees a ready provider of version 2. Moving alias champion to version 2.");
        registry.setAlias(MODEL, "champion", 2, false);
        Traffic after;
        try {
            after = awaitTraffic(t ->
                    t.total("champion") > 0 && t.served("champion", "2") == t.total("champion") && everyModeCalled(t));
        } catch (TimeoutException e) {
            return new SmokeResult(before, lastTraffic, false, aiTab, monitoring.versionsHaveMetrics(), false, null);
        }
        boolean metrics = monitoring.versionsHaveMetrics();
        CanaryDemo.Result canary = CanaryDemo.run(registry, baseUrl, adminToken, MODEL, TRAFFIC_WAIT, System.out);
        // the registry's readiness view subscribed before the providers started (see start()) and must see them now
        int ready1 = registry.readyProviders(MODEL, 1);
        int ready2 = registry.readyProviders(MODEL, 2);
        System.out.println("Ready providers the registry sees: version 1: " + ready1 + ", version 2: " + ready2);
        return new SmokeResult(before, after, true, aiTab, metrics, ready1 > 0 && ready2 > 0, canary);
    }

    /** Waits until the registry's readiness view counts a ready provider of {@code version} of the model. */
    private static void awaitReadyProvider(RegistryClient registry, long version) throws TimeoutException {
        long deadline = System.nanoTime() + TRAFFIC_WAIT.toNanos();
        while (registry.readyProviders(MODEL, version) == 0) {
            if (System.nanoTime() - deadline > 0) {
                throw new TimeoutException("the registry saw no ready provider of version " + version + " within "
                        + TRAFFIC_WAIT.toSeconds() + " s");
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TimeoutException("interrupted");
            }
        }
    }

    /** The interactive run's canary step ({@link CanaryDemo}) once both versions serve; returns when it ends. */
    private void canaryOnceServing(RegistryClient registry) {
        try {
            awaitTraffic(t -> t.served("challenger", "2") > 0);
            CanaryDemo.run(registry, baseUrl, adminToken, MODEL, TRAFFIC_WAIT, System.out);
        } catch (TimeoutException | RuntimeException e) {
            System.out.println("Canary step skipped: " + e.getMessage());
        }
    }

    /** The A/B-test step ({@link ExperimentStep}) once started: returns the decision the experiment reached. */
    String experiment() throws TimeoutException {
        RegistryClient registry = java.util.Objects.requireNonNull(registryClient, "start the quickstart first");
        return new ExperimentStep(registry, MODEL).run(TRAFFIC_WAIT);
    }

    /** Whether {@code /ai/} answers the console page (the UI jar was found and the server serves it). */
    private boolean aiTabServed() {
        var page = RegistryClient.fetch(baseUrl + "/ai/");
        boolean served = page.filter(p -> p.statusCode() == 200 && p.body().contains("<div id=\"app\">"))
                .isPresent();
        System.out.println("AI tab at " + baseUrl + "/ai/: "
                + (served ? "served" : page.map(p -> "HTTP " + p.statusCode()).orElse("unreachable")));
        return served;
    }

    /** Whether {@code traffic} has calls pinned to each version, with each sticky key, and without attachment. */
    private static boolean everyModeCalled(Traffic traffic) {
        return PINNED.stream().allMatch(version -> traffic.total(Mode.PINNED, version) > 0)
                && STICKY_KEYS.stream().allMatch(key -> traffic.total(Mode.STICKY, key) > 0)
                && traffic.total(Mode.WEIGHTED, "") > 0;
    }

    /** Starts the server, registers the model, starts providers and the consumer; returns the registry client. */
    RegistryClient start() throws TimeoutException {
        installAiTab();
        String registryAddress = "";
        // the ports are probed free, then bound by the server seconds later: another process may take one meanwhile;
        // a server that exits before it is up is started once more on fresh ports (its log says why it exited)
        for (int attempt = 1; adminToken.isEmpty(); attempt++) {
            int httpPort = freePort();
            baseUrl = "http://127.0.0.1:" + httpPort;
            List<String> serverArgs = new ArrayList<>(List.of(
                    "-jar",
                    serverJar.toString(),
                    "--server.address=127.0.0.1",
                    "--server.port=" + httpPort,
                    // a fresh data folder on a second attempt: the first may have bootstrapped its admin already
                    "--dubbo.ai.server.data-dir=" + dataDir.resolve(attempt == 1 ? "server" : "server-" + attempt),
                    "--dubbo.ai.server.plugins.dir=" + dataDir.resolve("plugins"),
                    // the experiment step wants its decision within seconds
                    "--dubbo.ai.abtest.evaluation-interval=5s",
                    // expected with the loopback setting below: Dubbo warns on every local-address lookup
                    "--logging.level.org.apache.dubbo.common.utils.NetUtils=off"));
            if (backend.nacos() != null) {
                registryAddress = backend.nacos();
                // universal mode: the Nacos is registry and config center; the replicas (here one) elect their leader
                // with a lease in the Nacos config center
                serverArgs.add("--dubbo.ai.server.mode=universal");
                serverArgs.add("--dubbo.ai.server.registry-address=" + registryAddress);
            } else {
                int zooKeeperPort = freePort();
                registryAddress = "zookeeper://127.0.0.1:" + zooKeeperPort;
                serverArgs.add("--dubbo.ai.server.mode=embedded");
                serverArgs.add("--dubbo.ai.server.embedded.zookeeper-port=" + zooKeeperPort);
            }
            System.out.println("dubbo-ai quickstart (" + backend + "): data and logs in " + dataDir);

            ChildProcess server = launch(
                    "server",
                    Role.SERVER,
                    serverArgs,
                    line -> line.contains(" ERROR ")
                            || line.contains("APPLICATION FAILED")
                            || line.contains(" leads (lease"));
            CompletableFuture<String> token = server.await(TOKEN);
            try {
                adminToken = get(token, SERVER_START, "the server's admin token");
            } catch (IllegalStateException e) {
                if (attempt > 1 || server.onExit().getNow(null) == null) {
                    throw e;
                }
                System.out.println("The server exited before it was up (" + e.getMessage()
                        + "); starting it once more on fresh ports");
                children.removeIf(child -> child.process() == server);
            }
        }
        awaitHealthy(baseUrl);
        System.out.println("Admin server up at " + baseUrl);

        RegistryClient registry = new RegistryClient(baseUrl, adminToken);
        registryClient = registry;
        registry.createModel(MODEL, "quickstart sample: risk score of a transaction");
        List<JsonNode> versions = new ArrayList<>();
        for (long seed = 1; seed <= 2; seed++) {
            byte[] artifact = DemoModel.onnx(seed);
            versions.add(registry.registerVersion(MODEL, artifact, DemoModel.sha256(artifact)));
        }
        // no provider runs yet: the first aliases are forced (the registry refuses unserved versions otherwise)
        registry.setAlias(MODEL, "champion", 1, true);
        registry.setAlias(MODEL, "challenger", 2, true);
        registry.setTraffic(MODEL, SPLIT);
        System.out.println("Registered model '" + MODEL + "' versions 1 and 2; champion -> 1, challenger -> 2;"
                + " weighted split 1: 50%, 2: 50%; ready providers of version 2 before any starts: "
                + registry.readyProviders(MODEL, 2));

        List<CompletableFuture<String>> ready = new ArrayList<>();
        for (JsonNode version : versions) {
            String number = version.get("version").asText();
            int metricsPort = freePort();
            monitoring.providerQosPort(metricsPort);
            ChildProcess provider = launchMain(
                    "provider-v" + number,
                    Role.PROVIDER,
                    ModelProviderMain.class,
                    List.of(
                            "--registry",
                            registryAddress,
                            "--model",
                            MODEL,
                            "--version",
                            number,
                            "--port",
                            String.valueOf(freePort()),
                            "--artifact",
                            version.get("artifactUri").asText(),
                            "--sha256",
                            version.get("checksum").asText(),
                            // the consumer stops first, so nothing is in flight when a provider stops: Dubbo's wait
                            // for the service to go idle (a third of this) need not be long
                            "--drain-timeout",
                            PROVIDER_DRAIN.toSeconds() + "s",
                            "--metrics-port",
                            String.valueOf(metricsPort)),
                    line -> line.contains("PROVIDER READY") || line.contains("Exception in thread"));
            ready.add(provider.await(PROVIDER_READY));
        }
        for (CompletableFuture<String> providerReady : ready) {
            get(providerReady, PROVIDER_START, "a provider to load, warm up and register");
        }

        ChildProcess consumer = launchMain(
                "consumer",
                Role.CONSUMER,
                ModelConsumerMain.class,
                List.of(
                        "--registry",
                        registryAddress,
                        "--model",
                        MODEL,
                        "--rate",
                        "40",
                        "--report-every",
                        "2s",
                        "--pin",
                        String.join(",", PINNED),
                        "--sticky-keys",
                        String.join(",", STICKY_KEYS)),
                line -> line.startsWith(ServedReport.PREFIX) || line.contains("failed"));
        consumer.onLine(line -> Traffic.parse(line).ifPresent(traffic -> {
            lastTraffic = traffic;
            reports++;
        }));

        System.out.println("""

                ----------------------------------------------------------------------------------------------
                 dubbo-ai quickstart is running.
                   Admin API     %1$s/api/v1/ai/models/%2$s   (Authorization: Bearer %3$s)
                   Route rule    %1$s/api/v1/ai/models/%2$s/route-rule   (JSON; YAML with Accept: application/yaml)
                   Alias         %1$s/api/v1/ai/models/%2$s/aliases/champion
                   Status        %1$s/api/v1/ai/status
                   AI tab        %1$s/ai/   (log in with the token above)
                   OpenAPI       %1$s/swagger-ui.html
                   Metrics       %1$s/actuator/prometheus  (server, same token)
                   %6$s
                   Analysis      curl -X POST -H 'Authorization: Bearer %3$s' -H 'Content-Type: application/json' \\
                                   -d '{"model":"%2$s","baseline":"1","candidate":"2","window":"PT1M"}' \\
                                   %1$s/api/v1/ai/monitoring/analyses
                   %4$s
                   Logs          %5$s
                 Move traffic:  curl -X PUT -H 'Authorization: Bearer %3$s' -H 'Content-Type: application/json' \\
                                  -d '{"version": 2}' %1$s/api/v1/ai/models/%2$s/aliases/champion
                 The consumer asks for a version four ways; every 2 s it reports which version served which calls
                 (asked:served=calls): alias champion/challenger, pinned 1/2, sticky key (user id), and weighted
                 (no attachment: the rule's 50/50 split).
                 Ctrl-C stops everything: the consumer, then the providers, then the server.
                ----------------------------------------------------------------------------------------------
                """.formatted(
                        baseUrl,
                        MODEL,
                        adminToken,
                        whereTheRuleIs(registryAddress),
                        dataDir.resolve("logs"),
                        monitoring.banner(baseUrl, MODEL, adminToken)));
        return registry;
    }

    /** The banner line saying where the registry and the route rule are. */
    private String whereTheRuleIs(String registryAddress) {
        String rule = RouteRules.ruleKey(MODEL);
        if (backend.universal()) {
            return "Nacos         %s  (rule: data id %s, group %s, namespace %s)"
                    .formatted(registryAddress, rule, RouteRules.GROUP, backend.namespace());
        }
        return "ZooKeeper     %s  (rule: /dubbo/config/%s/%s)".formatted(registryAddress, RouteRules.GROUP, rule);
    }

    /** Waits for a consumer report that satisfies {@code condition}. */
    private Traffic awaitTraffic(Predicate<Traffic> condition) throws TimeoutException {
        long deadline = System.nanoTime() + TRAFFIC_WAIT.toNanos();
        long seen = reports;
        while (System.nanoTime() < deadline) {
            Traffic traffic = lastTraffic;
            if (reports != seen && condition.test(traffic)) {
                return traffic;
            }
            seen = reports;
            requireChildrenAlive();
            sleep(Duration.ofMillis(500));
        }
        throw new TimeoutException(
                "traffic did not reach the expected state within " + TRAFFIC_WAIT + "; last report: " + lastTraffic);
    }

    /** Waits until a child exits, whichever it is, and returns it. */
    private ChildProcess awaitChildExit() {
        CompletableFuture<ChildProcess> first = new CompletableFuture<>();
        for (ChildProcess child : children()) {
            child.onExit().thenRun(() -> first.complete(child));
        }
        return first.join();
    }

    private void requireChildrenAlive() {
        for (ChildProcess child : children()) {
            if (!child.isAlive()) {
                throw new IllegalStateException(child.name() + " exited; see " + child.log());
            }
        }
    }

    private void awaitHealthy(String baseUrl) throws TimeoutException {
        long deadline = System.nanoTime() + SERVER_START.toNanos();
        while (!RegistryClient.healthy(baseUrl)) {
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("the server did not become healthy at " + baseUrl);
            }
            requireChildrenAlive();
            sleep(Duration.ofMillis(500));
        }
    }

    private ChildProcess launchMain(String name, Role role, Class<?> main, List<String> args, Predicate<String> echo) {
        List<String> command = new ArrayList<>(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(args);
        return launch(name, role, command, echo);
    }

    private ChildProcess launch(String name, Role role, List<String> args, Predicate<String> echo) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                // Dubbo refuses 127.* and picks the first non-loopback address; with every interface ignored it
                // registers 127.0.0.1, so the whole quickstart stays on loopback.
                "-Ddubbo.network.interface.ignored=.*"));
        if (role != Role.PROVIDER) {
            // providers serve their metrics on the QoS port (--metrics-port); the others need no QoS
            command.add("-Ddubbo.application.qos-enable=false");
        }
        command.addAll(args);
        synchronized (lock) {
            if (stopping) {
                throw new IllegalStateException("the quickstart is stopping; " + name + " was not started");
            }
            ChildProcess child = ChildProcess.start(name, command, dataDir.resolve("logs"), echo);
            children.add(new Child(role, child));
            return child;
        }
    }

    /** The processes started so far. */
    List<ChildProcess> children() {
        synchronized (lock) {
            return children.stream().map(Child::process).toList();
        }
    }

    /** Whether {@link #close()} has been called. */
    boolean isStopping() {
        synchronized (lock) {
            return stopping;
        }
    }

    /**
     * Stops the children: the consumer, then the providers (together), then the server, each with SIGTERM and up to
     * 15 s before it is killed; returns when all are gone. From the first call on no child starts. Idempotent; a call
     * while another is stopping waits for it.
     */
    @Override
    public void close() {
        List<Child> toStop;
        synchronized (lock) {
            if (stopping) {
                toStop = null;
            } else {
                stopping = true;
                toStop = List.copyOf(children);
            }
        }
        if (toStop == null) {
            stopped.join();
            return;
        }
        try {
            stop(toStop);
        } finally {
            stopped.complete(null);
        }
    }

    private static void stop(List<Child> children) {
        if (children.stream().noneMatch(child -> child.process().isAlive())) {
            return;
        }
        List<List<ChildProcess>> stages = new ArrayList<>();
        for (Role role : List.of(Role.CONSUMER, Role.PROVIDER, Role.SERVER)) {
            List<ChildProcess> stage = children.stream()
                    .filter(child -> child.role() == role)
                    .map(Child::process)
                    .toList();
            if (!stage.isEmpty()) {
                stages.add(stage);
            }
        }
        System.out.println("Stopping "
                + stages.stream()
                        .map(stage -> stage.stream().map(ChildProcess::name).collect(Collectors.joining(" and ")))
                        .collect(Collectors.joining(", then "))
                + ".");
        long start = System.nanoTime();
        for (List<ChildProcess> stage : stages) {
            stage.forEach(ChildProcess::requestStop);
            stage.forEach(child -> child.stop(STOP_GRACE));
        }
        System.out.printf("Stopped in %.1f s.%n", (System.nanoTime() - start) / 1e9);
    }

    private static String get(CompletableFuture<String> future, Duration timeout, String what) throws TimeoutException {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new TimeoutException("gave up waiting for " + what + " after " + timeout);
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "waiting for " + what + ": " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + what, e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on loopback", e);
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /**
     * Copies the console's AI tab (the admin-ui-extension jar, built by the reactor next to the server) into the
     * server's plugin folder, where the server picks it up like any drop-in jar. Without it the quickstart runs on and
     * says how to build it.
     */
    private void installAiTab() {
        Path uiJar = Path.of(System.getProperty("quickstart.uiJar", defaultUiJar()));
        Path plugins = dataDir.resolve("plugins");
        try {
            Files.createDirectories(plugins);
            if (Files.isRegularFile(uiJar)) {
                Files.copy(uiJar, plugins.resolve(uiJar.getFileName()));
            } else {
                System.out.println("No AI tab: " + uiJar + " is missing; build it with"
                        + " 'mvn -B -q -pl admin-ui-extension -am package -DskipTests' (needs Node.js and npm)");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot put the AI tab into " + plugins, e);
        }
    }

    private static String defaultUiJar() {
        return "admin-ui-extension/target/admin-ui-extension-0.1.0-SNAPSHOT.jar";
    }

    private static String defaultServerJar() {
        return "dubbo-ai-server/target/dubbo-ai-server-0.1.0-SNAPSHOT.jar";
    }
}
