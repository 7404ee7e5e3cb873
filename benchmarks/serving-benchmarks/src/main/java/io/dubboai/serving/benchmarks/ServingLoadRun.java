package io.dubboai.serving.benchmarks;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.management.OperatingSystemMXBean;
import io.dubboai.serving.artifact.ArtifactResolver;
import io.dubboai.serving.client.InferRequests;
import io.dubboai.serving.client.InferResults;
import io.dubboai.serving.loader.LoadOptions;
import io.dubboai.serving.oip.grpc.GRPCInferenceService;
import io.dubboai.serving.oip.grpc.GRPCInferenceServiceGrpc;
import io.dubboai.serving.oip.grpc.ModelInferRequest;
import io.dubboai.serving.oip.grpc.ModelInferResponse;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.apache.dubbo.config.ApplicationConfig;
import org.apache.dubbo.config.ReferenceConfig;
import org.apache.dubbo.config.bootstrap.DubboBootstrap;
import org.apache.dubbo.rpc.model.ApplicationModel;
import org.apache.dubbo.rpc.model.FrameworkModel;
import org.jspecify.annotations.Nullable;

/**
 * One load run on one model, the way Triton's perf_analyzer measures a server: the servers run in their own process
 * ({@link ServingServers}), this process generates the load. (a) ONNX Runtime called in-process at batch 64 (the
 * limit); (b) Dubbo Triple with dynamic batching; (c) Dubbo Triple without batching; (d) Spring Boot REST/JSON.
 * "N callers" means N requests outstanding at all times, each a one-row request sent again as soon as its answer
 * arrives (closed loop), for {@code bench.seconds} (default 5) per point. (b) and (c) are each measured with two
 * clients in the same run: a stock grpc-java client (asynchronous stub, one HTTP/2 connection) and a Dubbo consumer
 * (a {@link ReferenceConfig} to the provider's address, its asynchronous method), the way Dubbo users call a model;
 * REST load comes from the JDK's HTTP client. Every target's answer is checked against ONNX Runtime before it is
 * measured. Both processes run on loopback only ({@value #LOOPBACK_PROPERTY}{@code =.*}, addresses 127.0.0.1).
 *
 * <p>Run: see {@code docs/serving.md}, section Benchmark. Knobs (system properties): {@code bench.callers} (1,16,64),
 * {@code bench.scenarios} (bcd), {@code bench.clients} (grpc,dubbo: the clients of (b) and (c)), {@code
 * bench.features}/{@code bench.hidden} (model size), {@code bench.delay.ms} (max queue delay of (b), 0), {@code
 * bench.threads} (ONNX Runtime intra-op threads, 0 = runtime default), {@code bench.spin} (false), {@code
 * bench.warmup.seconds} (40 per path), {@code bench.seconds} (5 per point).
 */
public final class ServingLoadRun {

    static final int MAX_BATCH = 64;
    private static final int[] CALLERS = Arrays.stream(
                    System.getProperty("bench.callers", "1,16,64").split(","))
            .mapToInt(Integer::parseInt)
            .toArray();
    private static final String ORT_LIMIT = "(a) ORT in-process, batch 64";
    private static final String ORT_ONE = "(a1) ORT in-process, batch 1";
    private static final String REST = "(d) Spring Boot REST/JSON";

    /**
     * Dubbo's setting that pins it to loopback: with every network interface ignored, its local host is 127.0.0.1.
     * Without it Dubbo refuses 127.* as a host and picks the machine's first non-loopback address.
     */
    static final String LOOPBACK_PROPERTY = "dubbo.network.interface.ignored";

    /** What sends the Triple load of (b) and (c); {@code bench.clients}. */
    enum Client {
        GRPC("grpc", "gRPC client"),
        DUBBO("dubbo", "Dubbo consumer");

        final String key;
        final String label;

        Client(String key, String label) {
            this.key = key;
            this.label = label;
        }

        static List<Client> parse(String keys) {
            List<Client> clients = new ArrayList<>();
            for (String key : keys.split(",")) {
                clients.add(Arrays.stream(values())
                        .filter(client -> client.key.equals(key.strip()))
                        .findFirst()
                        .orElseThrow(() -> new IllegalArgumentException("bench.clients: unknown client '" + key
                                + "' in '" + keys + "'; use grpc, dubbo or grpc,dubbo")));
            }
            return List.copyOf(clients);
        }
    }

    /** The row label of a Triple path: (b) with batching, (c) without, and the client. */
    static String triplePath(char scenario, Client client) {
        return (scenario == 'b' ? "(b) Triple + batching, " : "(c) Triple, no batching, ") + client.label;
    }

    /**
     * One way of running a request of one or more rows, answered asynchronously. A caller prepares its request once
     * (the protobuf message, the JSON body), as perf_analyzer does, so the load process spends its CPU on sending.
     */
    interface Target {
        default Object prepare(float[][] rows) throws Exception {
            return rows;
        }

        CompletableFuture<float[][]> call(Object prepared);
    }

    /** Throughput in rows per second and latency percentiles in microseconds. */
    record Point(
            double rowsPerSecond,
            long p50Micros,
            long p99Micros,
            double serverCpuMicrosPerRow,
            double clientCpuMicrosPerRow,
            int errors) {}

    /** CPU time of this process and of the server process, in nanoseconds. */
    record Cpu(long client, long server) {
        static Cpu now(@Nullable ProcessHandle servers) {
            long own = ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
            long other = servers == null
                    ? 0
                    : servers.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
            return new Cpu(own, other);
        }
    }

    private static @Nullable ProcessHandle serverProcess;

    private ServingLoadRun() {}

    /** The runtime options of every served copy of the model (and of (a)): {@code bench.threads}. */
    static LoadOptions loadOptions() {
        return LoadOptions.DEFAULTS
                .withIntraOpThreads(Integer.getInteger("bench.threads", 0))
                .withSpinWait(Boolean.getBoolean("bench.spin"));
    }

    /** ONNX Runtime session options equal to {@link #loadOptions()}, for (a) and (d), which call the runtime directly. */
    static OrtSession.SessionOptions sessionOptions() throws ai.onnxruntime.OrtException {
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        if (loadOptions().intraOpThreads() > 0) {
            options.setIntraOpNumThreads(loadOptions().intraOpThreads());
        }
        String spin = loadOptions().spinWait() ? "1" : "0";
        options.addConfigEntry("session.intra_op.allow_spinning", spin);
        options.addConfigEntry("session.inter_op.allow_spinning", spin);
        return options;
    }

    /** Max queue delay of (b): {@code bench.delay.ms}, default 0 (batch what queued while the previous batch ran). */
    static Duration maxQueueDelay() {
        return Duration.ofMillis(Long.getLong("bench.delay.ms", 0));
    }

    /** Runs every scenario and prints the table and ratios. */
    public static void main(String[] args) throws Exception {
        // first, before Dubbo looks up its local address (and caches it); forwarded to the server process below
        System.setProperty(LOOPBACK_PROPERTY, ".*");
        if (System.getProperty("bench.client") != null) {
            throw new IllegalArgumentException("bench.client was replaced by bench.clients (default grpc,dubbo: both"
                    + " clients in one run); set -Dbench.clients=" + System.getProperty("bench.client")
                    + " to measure one");
        }
        long seconds = Long.getLong("bench.seconds", 5);
        long warmupSeconds = Long.getLong("bench.warmup.seconds", 40);
        String scenarios = System.getProperty("bench.scenarios", "bcd");
        if (!scenarios.matches("[bcd]+")) {
            throw new IllegalArgumentException(
                    "bench.scenarios: '" + scenarios + "' should be letters of bcd, e.g. bcd or bc");
        }
        List<Client> clients = Client.parse(System.getProperty("bench.clients", "grpc,dubbo"));
        Path dir = Files.createTempDirectory("serving-bench");
        Path model = BenchModel.write(dir);
        String sha = ArtifactResolver.sha256("bench", model);
        Map<String, Map<Integer, Point>> results = new LinkedHashMap<>();
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        float[][] probe = BenchModel.rows(1, 99);
        OrtSession session;
        try (OrtSession.SessionOptions options = sessionOptions()) {
            session = env.createSession(model.toString(), options);
        }
        Target ort = rows -> {
            try (OnnxTensor input = OnnxTensor.createTensor(env, (float[][]) rows);
                    OrtSession.Result result = session.run(Map.of("features", input))) {
                return CompletableFuture.completedFuture(
                        (float[][]) result.get(0).getValue());
            } catch (Exception e) {
                return CompletableFuture.failedFuture(e);
            }
        };
        float[][] expected = ort.call(probe).join();
        // (a) and (a1) run once before and once after the servers, and the faster of the two counts: the limit
        // should not be lowered by whatever else the machine did during one of them
        measureOnThreads(ort, 1, MAX_BATCH, 2);
        Point limitBefore = measureOnThreads(ort, 1, MAX_BATCH, seconds);
        Point oneBefore = measureOnThreads(ort, 1, 1, seconds);

        int[] ports = freePorts(3);
        try (ServerProcess servers = startServers(model, sha, ports)) {
            serverProcess = servers.handle();
            List<AutoCloseable> connections = new ArrayList<>();
            try {
                servers.awaitLine("READY", Duration.ofMinutes(5));
                Map<String, Target> targets = targets(scenarios, clients, ports, connections);
                // check every path's answer, then warm the paths (JIT, connections, pools); measure the paths in turn
                // at each concurrency, so that no path is favoured by running later
                for (Map.Entry<String, Target> target : targets.entrySet()) {
                    check(
                            target.getKey(),
                            target.getValue()
                                    .call(target.getValue().prepare(probe))
                                    .get(30, TimeUnit.SECONDS),
                            expected);
                }
                warmUp(targets.values(), warmupSeconds);
                results.putAll(measureInTurn(targets, servers, seconds));
            } finally {
                // consumers first: a consumer whose server went away would try to reconnect
                for (AutoCloseable connection : connections) {
                    connection.close();
                }
            }
        }
        Point limitAfter = measureOnThreads(ort, 1, MAX_BATCH, seconds);
        Point oneAfter = measureOnThreads(ort, 1, 1, seconds);
        session.close();
        Files.deleteIfExists(model);
        Files.deleteIfExists(dir);
        System.out.printf(
                "(a) before/after the servers: %.0f / %.0f rows/s; (a1): %.0f / %.0f rows/s%n",
                limitBefore.rowsPerSecond(),
                limitAfter.rowsPerSecond(),
                oneBefore.rowsPerSecond(),
                oneAfter.rowsPerSecond());
        Map<String, Map<Integer, Point>> ordered = new LinkedHashMap<>();
        ordered.put(ORT_LIMIT, Map.of(1, faster(limitBefore, limitAfter)));
        ordered.put(ORT_ONE, Map.of(1, faster(oneBefore, oneAfter)));
        ordered.putAll(results);
        print(ordered, clients);
    }

    /** The paths of {@code scenarios} (letters of bcd) on the servers' {@code ports}, (b) and (c) once per client. */
    private static Map<String, Target> targets(
            String scenarios, List<Client> clients, int[] ports, List<AutoCloseable> connections) {
        Map<String, Target> targets = new LinkedHashMap<>();
        for (char scenario : new char[] {'b', 'c'}) {
            if (scenarios.indexOf(scenario) >= 0) {
                for (Client client : clients) {
                    int port = scenario == 'b' ? ports[0] : ports[1];
                    targets.put(triplePath(scenario, client), triple(client, port, connections));
                }
            }
        }
        if (scenarios.indexOf('d') >= 0) {
            targets.put(REST, rest(ports[2]));
        }
        return targets;
    }

    /** Measures every path at each concurrency, the paths in turn; prints the batch counters after each (b). */
    private static Map<String, Map<Integer, Point>> measureInTurn(
            Map<String, Target> targets, ServerProcess servers, long seconds) throws Exception {
        Map<String, Map<Integer, Point>> results = new LinkedHashMap<>();
        targets.keySet().forEach(name -> results.put(name, new LinkedHashMap<>()));
        for (int callers : CALLERS) {
            for (Map.Entry<String, Target> target : targets.entrySet()) {
                servers.send("reset");
                results.get(target.getKey()).put(callers, measure(target.getValue(), callers, seconds));
                if (target.getKey().startsWith("(b)")) {
                    servers.send("stats");
                    String[] stats =
                            servers.awaitLine("STATS ", Duration.ofSeconds(30)).split(" ");
                    long batches = Long.parseLong(stats[1]);
                    System.out.printf(
                            "%s at %d callers: %d runtime calls, %.1f rows per call%n",
                            target.getKey(),
                            callers,
                            batches,
                            (double) Long.parseLong(stats[2]) / Math.max(1, batches));
                }
            }
        }
        return results;
    }

    /**
     * Warms every path: {@code seconds} at the highest concurrency, then 2 s at each measured one. On 2 cores the JIT
     * compiler threads fall behind while the load runs: after 8 s of warm-up the server process was still compiling
     * hundreds of methods every 5 s (compilation log) and (b) at 64 callers on the large model ran at about half the
     * rate it reached after 40 s.
     */
    private static void warmUp(Collection<Target> targets, long seconds) throws Exception {
        for (Target target : targets) {
            measure(target, Arrays.stream(CALLERS).max().orElse(64), seconds);
            for (int callers : CALLERS) {
                measure(target, callers, 2);
            }
        }
    }

    private static Point faster(Point first, Point second) {
        return first.rowsPerSecond() >= second.rowsPerSecond() ? first : second;
    }

    /**
     * Starts {@link ServingServers} in its own JVM with this run's {@code bench.*} and {@code dubbo.*} properties (so
     * on loopback too); its output goes to a log file, read as it comes ({@link ServerProcess}).
     */
    private static ServerProcess startServers(Path model, String sha, int[] ports) throws Exception {
        Path log = Files.createTempFile("serving-bench-servers", ".log");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path")));
        System.getProperties().stringPropertyNames().stream()
                .filter(name -> name.startsWith("bench.") || name.startsWith("dubbo."))
                .forEach(name -> command.add("-D" + name + "=" + System.getProperty(name)));
        command.addAll(List.of(
                ServingServers.class.getName(),
                model.toString(),
                sha,
                Integer.toString(ports[0]),
                Integer.toString(ports[1]),
                Integer.toString(ports[2])));
        System.out.println("server process log: " + log);
        return ServerProcess.start(command, log);
    }

    private static int[] freePorts(int count) throws Exception {
        int[] ports = new int[count];
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket(0);
                sockets.add(socket);
                ports[i] = socket.getLocalPort();
            }
        } finally {
            for (ServerSocket socket : sockets) {
                socket.close();
            }
        }
        return ports;
    }

    /** A Triple target on 127.0.0.1:{@code port}; what it opens is added to {@code connections}. */
    private static Target triple(Client client, int port, List<AutoCloseable> connections) {
        if (client == Client.DUBBO) {
            // the way Dubbo users call a model: a reference and its asynchronous method; a direct url (no registry),
            // and an own framework model per target, so each path has its own consumer and connection
            FrameworkModel framework = new FrameworkModel();
            connections.add(framework::destroy);
            ApplicationModel app = framework.newApplication();
            ApplicationConfig application = new ApplicationConfig("bench-consumer-" + port);
            application.setQosEnable(false);
            DubboBootstrap.getInstance(app).application(application).start();
            ReferenceConfig<GRPCInferenceService> reference = new ReferenceConfig<>(app.getDefaultModule());
            reference.setInterface(GRPCInferenceService.class);
            reference.setUrl("tri://127.0.0.1:" + port);
            reference.setTimeout(60_000);
            reference.setRetries(0);
            GRPCInferenceService service = reference.get();
            return oip(service::modelInferAsync);
        }
        ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", port)
                .usePlaintext()
                .directExecutor()
                .build();
        connections.add(channel::shutdownNow);
        GRPCInferenceServiceGrpc.GRPCInferenceServiceStub stub = GRPCInferenceServiceGrpc.newStub(channel);
        return oip(request -> {
            CompletableFuture<ModelInferResponse> answer = new CompletableFuture<>();
            stub.withDeadlineAfter(60, TimeUnit.SECONDS).modelInfer(request, new StreamObserver<>() {
                @Override
                public void onNext(ModelInferResponse response) {
                    answer.complete(response);
                }

                @Override
                public void onError(Throwable failure) {
                    answer.completeExceptionally(failure);
                }

                @Override
                public void onCompleted() {}
            });
            return answer;
        });
    }

    /** A target speaking the inference protocol through {@code send}; each caller builds its request once. */
    private static Target oip(Function<ModelInferRequest, CompletableFuture<ModelInferResponse>> send) {
        return new Target() {
            @Override
            public Object prepare(float[][] rows) {
                return request(rows);
            }

            @Override
            public CompletableFuture<float[][]> call(Object prepared) {
                return send.apply((ModelInferRequest) prepared).thenApply(ServingLoadRun::rows);
            }
        };
    }

    private static ModelInferRequest request(float[][] rows) {
        return InferRequests.forModel("bench").input("features", rows).build();
    }

    private static float[][] rows(ModelInferResponse response) {
        return InferResults.of(response).matrix("probabilities");
    }

    private static Target rest(int port) {
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .executor(Runnable::run)
                .build();
        ObjectMapper json = new ObjectMapper();
        URI uri = URI.create("http://127.0.0.1:" + port + "/infer");
        return new Target() {
            @Override
            public Object prepare(float[][] rows) throws Exception {
                return HttpRequest.newBuilder(uri)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(
                                json.writeValueAsBytes(new RestModelApp.Rows(rows))))
                        .build();
            }

            @Override
            public CompletableFuture<float[][]> call(Object prepared) {
                HttpRequest request = (HttpRequest) prepared;
                return http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray())
                        .thenApply(response -> {
                            if (response.statusCode() != 200) {
                                throw new IllegalStateException("REST endpoint answered " + response.statusCode());
                            }
                            try {
                                return json.readValue(response.body(), RestModelApp.Rows.class)
                                        .rows();
                            } catch (IOException e) {
                                throw new UncheckedIOException(e);
                            }
                        });
            }
        };
    }

    private static void check(String name, float[][] actual, float[][] expected) {
        for (int i = 0; i < expected[0].length; i++) {
            if (Math.abs(actual[0][i] - expected[0][i]) > 1e-4f) {
                throw new IllegalStateException(name + " answered " + Arrays.toString(actual[0])
                        + ", ONNX Runtime in-process " + Arrays.toString(expected[0]));
            }
        }
    }

    /** {@code callers} requests of one row kept outstanding (closed loop) for {@code seconds}. */
    private static Point measure(Target target, int callers, long seconds) throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        CountDownLatch done = new CountDownLatch(callers);
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        Caller[] all = new Caller[callers];
        for (int t = 0; t < callers; t++) {
            all[t] = new Caller(target, BenchModel.rows(1, t), running, done, failures);
        }
        Cpu before = Cpu.now(serverProcess);
        long start = System.nanoTime();
        for (Caller caller : all) {
            caller.next();
        }
        Thread.sleep(seconds * 1000);
        running.set(false);
        if (!done.await(120, TimeUnit.SECONDS)) {
            throw new IllegalStateException("calls did not finish within 120 s of the end of the measurement");
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        Point point = point(
                Arrays.stream(all).map(c -> Arrays.copyOf(c.latencies, c.count)).toList(), 1, elapsed, before);
        if (!failures.isEmpty()) {
            System.out.printf(
                    "%d of %d calls failed at %d callers; first: %s%n",
                    failures.size(), Arrays.stream(all).mapToInt(c -> c.count).sum(), callers, failures.get(0));
        }
        return new Point(
                point.rowsPerSecond() - failures.size() / elapsed,
                point.p50Micros(),
                point.p99Micros(),
                point.serverCpuMicrosPerRow(),
                point.clientCpuMicrosPerRow(),
                failures.size());
    }

    /** One closed-loop caller: sends its request again when the answer arrives, until told to stop. */
    private static final class Caller {
        final Target target;
        final Object request;
        final AtomicBoolean running;
        final CountDownLatch done;
        final List<Throwable> failures;
        long[] latencies = new long[4096];
        int count;

        Caller(Target target, float[][] rows, AtomicBoolean running, CountDownLatch done, List<Throwable> failures)
                throws Exception {
            this.target = target;
            this.request = target.prepare(rows);
            this.running = running;
            this.done = done;
            this.failures = failures;
        }

        void next() {
            long start = System.nanoTime();
            target.call(request).whenComplete((answer, failure) -> {
                if (failure != null) {
                    // a failed call (e.g. the client's 60 s deadline) counts as an error; its wait stays in the
                    // latencies, so it shows in p99
                    failures.add(failure);
                }
                if (count == latencies.length) {
                    latencies = Arrays.copyOf(latencies, count * 2);
                }
                latencies[count++] = System.nanoTime() - start;
                if (running.get()) {
                    next();
                } else {
                    done.countDown();
                }
            });
        }
    }

    /** {@code threads} threads call {@code target} with {@code rowsPerCall}-row requests for {@code seconds}. */
    private static Point measureOnThreads(Target target, int threads, int rowsPerCall, long seconds) throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        List<long[]> latencies = Collections.synchronizedList(new ArrayList<>());
        List<Thread> started = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            float[][] rows = BenchModel.rows(rowsPerCall, t);
            Thread thread = new Thread(() -> {
                long[] own = new long[4096];
                int n = 0;
                while (running.get()) {
                    long start = System.nanoTime();
                    target.call(rows).join();
                    if (n == own.length) {
                        own = Arrays.copyOf(own, n * 2);
                    }
                    own[n++] = System.nanoTime() - start;
                }
                latencies.add(Arrays.copyOf(own, n));
            });
            started.add(thread);
            thread.start();
        }
        Cpu before = Cpu.now(null);
        long start = System.nanoTime();
        Thread.sleep(seconds * 1000);
        running.set(false);
        for (Thread thread : started) {
            thread.join();
        }
        return point(latencies, rowsPerCall, (System.nanoTime() - start) / 1e9, before);
    }

    private static Point point(List<long[]> latencies, int rowsPerCall, double elapsed, Cpu before) {
        Cpu after = Cpu.now(before.server() == 0 ? null : serverProcess);
        long[] all = latencies.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        double rows = Math.max(1, all.length * (double) rowsPerCall);
        return new Point(
                all.length * (double) rowsPerCall / elapsed,
                all.length == 0 ? 0 : all[(int) (all.length * 0.50)] / 1000,
                all.length == 0 ? 0 : all[Math.min(all.length - 1, (int) (all.length * 0.99))] / 1000,
                (after.server() - before.server()) / 1000.0 / rows,
                (after.client() - before.client()) / 1000.0 / rows,
                0);
    }

    private static void print(Map<String, Map<Integer, Point>> results, List<Client> clients) {
        System.out.println();
        System.out.printf(
                "%-42s %8s %10s %10s %10s %12s %12s %7s%n",
                "scenario", "callers", "rows/s", "p50 us", "p99 us", "server cpu", "client cpu", "errors");
        results.forEach((name, points) -> points.forEach((callers, p) -> System.out.printf(
                "%-42s %8d %10.0f %10d %10d %12.0f %12.0f %7d%n",
                name,
                callers,
                p.rowsPerSecond(),
                p.p50Micros(),
                p.p99Micros(),
                p.serverCpuMicrosPerRow(),
                p.clientCpuMicrosPerRow(),
                p.errors())));
        System.out.println("(cpu: microseconds of CPU time per row, in the server process and in the load process)");
        Point a = results.get(ORT_LIMIT).get(1);
        System.out.printf(
                "%nONNX Runtime's own gain from batching, (a) / (a1): %.2f%n",
                a.rowsPerSecond() / results.get(ORT_ONE).get(1).rowsPerSecond());
        Map<Integer, Point> d = results.get(REST);
        for (int callers : CALLERS) {
            for (Client client : clients) {
                Point b = point(results, triplePath('b', client), callers);
                Point c = point(results, triplePath('c', client), callers);
                List<String> ratios = new ArrayList<>();
                if (b != null && c != null) {
                    ratios.add(ratio("b/c", b, c));
                }
                if (b != null && d != null) {
                    ratios.add(ratio("b/d", b, d.get(callers)));
                }
                if (b != null) {
                    ratios.add(String.format("b/a throughput %.3f", b.rowsPerSecond() / a.rowsPerSecond()));
                }
                if (!ratios.isEmpty()) {
                    System.out.printf("callers %2d, %s: %s%n", callers, client.label, String.join("; ", ratios));
                }
            }
            if (clients.containsAll(List.of(Client.GRPC, Client.DUBBO))) {
                List<String> ratios = new ArrayList<>();
                for (char scenario : new char[] {'b', 'c'}) {
                    Point dubbo = point(results, triplePath(scenario, Client.DUBBO), callers);
                    Point grpc = point(results, triplePath(scenario, Client.GRPC), callers);
                    if (dubbo != null && grpc != null) {
                        ratios.add(ratio("(" + scenario + ")", dubbo, grpc));
                    }
                }
                if (!ratios.isEmpty()) {
                    System.out.printf(
                            "callers %2d, Dubbo consumer / gRPC client: %s%n", callers, String.join("; ", ratios));
                }
            }
        }
    }

    private static @Nullable Point point(Map<String, Map<Integer, Point>> results, String path, int callers) {
        Map<Integer, Point> points = results.get(path);
        return points == null ? null : points.get(callers);
    }

    private static String ratio(String name, Point over, Point under) {
        return String.format(
                "%s throughput %.2f, p99 %.2f",
                name, over.rowsPerSecond() / under.rowsPerSecond(), (double) over.p99Micros() / under.p99Micros());
    }
}
