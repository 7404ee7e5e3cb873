package io.dubboai.serving.benchmarks;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dubboai.serving.artifact.ArtifactResolver;
import io.dubboai.serving.batch.BatchingConfig;
import io.dubboai.serving.client.InferRequests;
import io.dubboai.serving.client.InferResults;
import io.dubboai.serving.engine.ModelConfig;
import io.dubboai.serving.oip.grpc.GRPCInferenceService;
import io.dubboai.serving.provider.AcceleratorDetector;
import io.dubboai.serving.provider.ModelServer;
import io.dubboai.serving.provider.ModelServerConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntConsumer;
import org.apache.dubbo.common.utils.NetUtils;
import org.apache.dubbo.config.ApplicationConfig;
import org.apache.dubbo.config.ReferenceConfig;
import org.apache.dubbo.config.bootstrap.DubboBootstrap;
import org.apache.dubbo.rpc.model.ApplicationModel;
import org.apache.dubbo.rpc.model.FrameworkModel;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * One load run on one model: (a) ONNX Runtime in-process at batch 64 (the limit), (b) Dubbo Triple with dynamic
 * batching, (c) Dubbo Triple without batching, (d) Spring Boot REST/JSON. Every caller sends one-row requests in a
 * closed loop for {@code bench.seconds} (default 4) per point, at 1, 16 and 64 callers; prints rows/s, p50 and p99.
 * Run: {@code mvn -Pbenchmarks -pl benchmarks/serving-benchmarks -am compile exec:java
 * -Dexec.mainClass=io.dubboai.serving.benchmarks.ServingLoadRun}.
 */
public final class ServingLoadRun {

    private static final int[] CALLERS = {1, 16, 64};
    private static final int MAX_BATCH = 64;

    /** One way of running a request of one or more rows. */
    interface Target {
        float[][] call(float[][] rows) throws Exception;
    }

    /** Throughput in rows per second and latency percentiles in microseconds. */
    record Point(double rowsPerSecond, long p50Micros, long p99Micros) {}

    private ServingLoadRun() {}

    /** Runs every scenario and prints the table and ratios. */
    public static void main(String[] args) throws Exception {
        long seconds = Long.getLong("bench.seconds", 4);
        Path dir = Files.createTempDirectory("serving-bench");
        Path model = BenchModel.write(dir);
        String sha = ArtifactResolver.sha256("bench", model);
        Map<String, Map<Integer, Point>> results = new LinkedHashMap<>();

        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(model.toString(), new OrtSession.SessionOptions())) {
            Target ort = rows -> {
                try (OnnxTensor input = OnnxTensor.createTensor(env, rows);
                        OrtSession.Result result = session.run(Map.of("features", input))) {
                    return (float[][]) result.get(0).getValue();
                }
            };
            Map<Integer, Point> limit = new LinkedHashMap<>();
            measure(ort, 1, MAX_BATCH, 2);
            limit.put(1, measure(ort, 1, MAX_BATCH, seconds));
            results.put("(a) ORT in-process, batch 64", limit);
        }

        int batchedPort = NetUtils.getAvailablePort();
        int plainPort = NetUtils.getAvailablePort(batchedPort + 1);
        ModelConfig base = ModelConfig.onnx("bench", "1", model.toUri().toString(), sha);
        LongAdder batches = new LongAdder();
        LongAdder batchedRows = new LongAdder();
        ModelServer batched = server(
                base.withBatching(BatchingConfig.DEFAULTS.withBatch(MAX_BATCH, Duration.ZERO)), batchedPort, size -> {
                    batches.increment();
                    batchedRows.add(size);
                });
        ModelServer plain = server(base.withBatching(BatchingConfig.OFF), plainPort, size -> {});
        FrameworkModel consumer = new FrameworkModel();
        int restPort = NetUtils.getAvailablePort(plainPort + 1);
        System.setProperty("bench.model", model.toString());
        ConfigurableApplicationContext rest = new SpringApplication(RestModelApp.class)
                .run(
                        "--server.port=" + restPort,
                        "--server.address=127.0.0.1",
                        "--server.tomcat.threads.max=200",
                        "--logging.level.root=WARN");
        try {
            ApplicationModel app = consumer.newApplication();
            ApplicationConfig application = new ApplicationConfig("bench-consumer");
            application.setQosEnable(false);
            DubboBootstrap.getInstance(app).application(application).start();
            Map<String, Target> targets = new LinkedHashMap<>();
            targets.put("(b) Dubbo Triple, batching", dubbo(app, batchedPort));
            targets.put("(c) Dubbo Triple, no batching", dubbo(app, plainPort));
            targets.put("(d) Spring Boot REST/JSON", rest(restPort));
            // warm every path (JIT, connections, pools) before measuring, then measure the paths in turn at each
            // concurrency, so that no path is favoured by running later
            for (Target target : targets.values()) {
                measure(target, 16, 1, 2);
            }
            batches.reset();
            batchedRows.reset();
            targets.keySet().forEach(name -> results.put(name, new LinkedHashMap<>()));
            for (int callers : CALLERS) {
                for (Map.Entry<String, Target> target : targets.entrySet()) {
                    results.get(target.getKey()).put(callers, measure(target.getValue(), callers, 1, seconds));
                }
            }
            System.out.printf(
                    "(b) runtime calls: %d, mean rows per call %.1f%n",
                    batches.sum(), (double) batchedRows.sum() / Math.max(1, batches.sum()));
        } finally {
            consumer.destroy();
            batched.close();
            plain.close();
            rest.close();
            Files.deleteIfExists(model);
            Files.deleteIfExists(dir);
        }
        print(results);
    }

    private static ModelServer server(ModelConfig model, int port, IntConsumer batchSizes) {
        return new ModelServer(
                        ModelServerConfig.of(model, "N/A", "127.0.0.1", port).withDrainTimeout(Duration.ofMillis(200)),
                        AcceleratorDetector.system(),
                        batchSizes)
                .start();
    }

    private static Target dubbo(ApplicationModel app, int port) {
        ReferenceConfig<GRPCInferenceService> reference = new ReferenceConfig<>(app.getDefaultModule());
        reference.setInterface(GRPCInferenceService.class);
        reference.setUrl("tri://127.0.0.1:" + port);
        reference.setTimeout(30_000);
        reference.setRetries(0);
        GRPCInferenceService service = reference.get();
        return rows -> InferResults.of(service.modelInfer(
                        InferRequests.forModel("bench").input("features", rows).build()))
                .matrix("probabilities");
    }

    private static Target rest(int port) {
        HttpClient http =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        ObjectMapper json = new ObjectMapper();
        URI uri = URI.create("http://127.0.0.1:" + port + "/infer");
        return rows -> {
            HttpRequest request = HttpRequest.newBuilder(uri)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(new RestModelApp.Rows(rows))))
                    .build();
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("REST endpoint answered " + response.statusCode());
            }
            return json.readValue(response.body(), RestModelApp.Rows.class).rows();
        };
    }

    /** {@code callers} threads send {@code rowsPerCall}-row requests in a closed loop for {@code seconds}. */
    private static Point measure(Target target, int callers, int rowsPerCall, long seconds) throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        CountDownLatch done = new CountDownLatch(callers);
        List<long[]> latencies = new ArrayList<>();
        long[] counts = new long[callers];
        List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int t = 0; t < callers; t++) {
            long[] own = new long[2_000_000];
            latencies.add(own);
            int index = t;
            float[][] rows = BenchModel.rows(rowsPerCall, t);
            Thread thread = new Thread(() -> {
                try {
                    int n = 0;
                    while (running.get() && n < own.length) {
                        long start = System.nanoTime();
                        target.call(rows);
                        own[n++] = System.nanoTime() - start;
                    }
                    counts[index] = n;
                } catch (Throwable e) {
                    failures.add(e);
                } finally {
                    done.countDown();
                }
            });
            thread.start();
        }
        long start = System.nanoTime();
        Thread.sleep(seconds * 1000);
        running.set(false);
        done.await();
        double elapsed = (System.nanoTime() - start) / 1e9;
        if (!failures.isEmpty()) {
            throw new IllegalStateException("calls failed", failures.get(0));
        }
        long total = Arrays.stream(counts).sum();
        long[] all = new long[(int) total];
        int offset = 0;
        for (int t = 0; t < callers; t++) {
            System.arraycopy(latencies.get(t), 0, all, offset, (int) counts[t]);
            offset += (int) counts[t];
        }
        Arrays.sort(all);
        return new Point(
                total * rowsPerCall / elapsed,
                all.length == 0 ? 0 : all[(int) (all.length * 0.50)] / 1000,
                all.length == 0 ? 0 : all[Math.min(all.length - 1, (int) (all.length * 0.99))] / 1000);
    }

    private static void print(Map<String, Map<Integer, Point>> results) {
        System.out.println();
        System.out.printf("%-34s %8s %14s %10s %10s%n", "scenario", "callers", "rows/s", "p50 us", "p99 us");
        results.forEach((name, points) -> points.forEach((callers, p) -> System.out.printf(
                "%-34s %8d %14.0f %10d %10d%n", name, callers, p.rowsPerSecond(), p.p50Micros(), p.p99Micros())));
        Map<Integer, Point> b = results.get("(b) Dubbo Triple, batching");
        Map<Integer, Point> c = results.get("(c) Dubbo Triple, no batching");
        Map<Integer, Point> d = results.get("(d) Spring Boot REST/JSON");
        Point a = results.get("(a) ORT in-process, batch 64").get(1);
        System.out.println();
        for (int callers : CALLERS) {
            System.out.printf(
                    "callers %2d: b/c throughput %.2f, b/d %.2f, b/a %.3f; p99 b/c %.2f, b/d %.2f%n",
                    callers,
                    b.get(callers).rowsPerSecond() / c.get(callers).rowsPerSecond(),
                    b.get(callers).rowsPerSecond() / d.get(callers).rowsPerSecond(),
                    b.get(callers).rowsPerSecond() / a.rowsPerSecond(),
                    (double) b.get(callers).p99Micros() / c.get(callers).p99Micros(),
                    (double) b.get(callers).p99Micros() / d.get(callers).p99Micros());
        }
    }
}
