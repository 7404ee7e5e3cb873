package io.dubboai.benchmarks.monitor;

import com.sun.net.httpserver.HttpServer;
import io.dubboai.monitor.control.analysis.AnalysisMetric;
import io.dubboai.monitor.control.analysis.AnalysisRequest;
import io.dubboai.monitor.control.analysis.AnalysisResult;
import io.dubboai.monitor.control.analysis.MetricCheck;
import io.dubboai.monitor.control.analysis.MetricStatus;
import io.dubboai.monitor.control.prometheus.PrometheusAnalysis;
import io.dubboai.monitor.control.prometheus.PrometheusClient;
import io.dubboai.monitor.control.scrape.MetricsScraper;
import io.dubboai.monitor.control.scrape.ProviderDiscovery;
import io.dubboai.monitor.control.scrape.ScrapeAnalysis;
import io.dubboai.monitor.control.scrape.ScrapeTarget;
import io.dubboai.monitor.control.scrape.SeriesStore;
import io.dubboai.monitor.metrics.ModelMetricNames;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The analysis API's latency with 50 providers (25 serving version 1, 25 version 2), on a real Prometheus (Debian's
 * {@code /usr/bin/prometheus}, started here on loopback, scraping every provider every second) and on the component's
 * own direct scraping (every second too). One analysis compares the two versions over 30 s on error rate, p50, p99 and
 * throughput: 8 instant PromQL queries, or the same arithmetic over the scraped samples.
 *
 * <p>The providers are loopback HTTP endpoints, each serving the Prometheus scrape of its own Micrometer registry in
 * which calls are recorded as the provider filter records them (same meter names, tags, percentile histogram from 1 ms
 * to 30 s plus the SLO buckets): about 100 calls per second per provider, version 2 failing 2 %. The setup waits 35 s so
 * that both backends hold a full window.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class AnalysisBenchmark {

    private static final int PROVIDERS = 50;
    private static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");

    private final List<HttpServer> servers = new ArrayList<>();
    private final List<ScrapeTarget> targets = new ArrayList<>();
    private ScheduledExecutorService traffic;
    private Process prometheus;
    private Path dir;
    private MetricsScraper scraper;
    private PrometheusAnalysis onPrometheus;
    private ScrapeAnalysis onScrapes;
    private AnalysisRequest request;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        if (!Files.isExecutable(PROMETHEUS)) {
            throw new IllegalStateException(PROMETHEUS + " is missing: apt-get install -y prometheus");
        }
        dir = Files.createTempDirectory("analysis-benchmark");
        traffic = Executors.newScheduledThreadPool(2);
        SplittableRandom random = new SplittableRandom(11);
        for (int i = 0; i < PROVIDERS; i++) {
            String version = i % 2 == 0 ? "1" : "2";
            PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            Tags tags = Tags.of(
                    ModelMetricNames.TAG_MODEL,
                    "fraud",
                    ModelMetricNames.TAG_VERSION,
                    version,
                    ModelMetricNames.TAG_ACCELERATOR,
                    "cpu",
                    ModelMetricNames.TAG_GPU_TYPE,
                    ModelMetricNames.NONE);
            Timer success = latency(registry, tags, "success");
            Timer error = latency(registry, tags, "error");
            Counter ok = Counter.builder(ModelMetricNames.REQUESTS)
                    .tags(tags)
                    .tags(ModelMetricNames.TAG_OUTCOME, "success", ModelMetricNames.TAG_ERROR, ModelMetricNames.NONE)
                    .register(registry);
            Counter failed = Counter.builder(ModelMetricNames.REQUESTS)
                    .tags(tags)
                    .tags(ModelMetricNames.TAG_OUTCOME, "error", ModelMetricNames.TAG_ERROR, "runtime")
                    .register(registry);
            double errorShare = version.equals("2") ? 0.02 : 0.0;
            SplittableRandom own = random.split();
            traffic.scheduleAtFixedRate(
                    () -> {
                        for (int call = 0; call < 10; call++) {
                            long nanos = (long) (Math.exp(own.nextGaussian() * 0.5) * 5_000_000);
                            if (own.nextDouble() < errorShare) {
                                failed.increment();
                                error.record(nanos, TimeUnit.NANOSECONDS);
                            } else {
                                ok.increment();
                                success.record(nanos, TimeUnit.NANOSECONDS);
                            }
                        }
                    },
                    0,
                    100,
                    TimeUnit.MILLISECONDS);
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/metrics", exchange -> {
                byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "text/plain; version=0.0.4");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.setExecutor(traffic);
            server.start();
            servers.add(server);
            targets.add(new ScrapeTarget(
                    "fraud", version, "127.0.0.1", server.getAddress().getPort()));
        }
        int port = freePort();
        StringBuilder config = new StringBuilder(
                "global:\n  scrape_interval: 1s\n  scrape_timeout: 900ms\nscrape_configs:\n  - job_name: providers\n"
                        + "    static_configs:\n      - targets: [");
        for (int i = 0; i < targets.size(); i++) {
            config.append(i == 0 ? "'" : ", '")
                    .append(targets.get(i).instance())
                    .append('\'');
        }
        config.append("]\n");
        Files.writeString(dir.resolve("prometheus.yml"), config);
        prometheus = new ProcessBuilder(
                        PROMETHEUS.toString(),
                        "--config.file=" + dir.resolve("prometheus.yml"),
                        "--storage.tsdb.path=" + dir.resolve("data"),
                        "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("prometheus.log").toFile())
                .start();
        List<ScrapeTarget> fixed = List.copyOf(targets);
        scraper = new MetricsScraper(
                new ProviderDiscovery() {
                    @Override
                    public List<ScrapeTarget> targets() {
                        return fixed;
                    }

                    @Override
                    public void close() {}
                },
                new SeriesStore(Duration.ofMinutes(10).toMillis(), 1000),
                Duration.ofSeconds(1),
                Duration.ofMillis(900),
                Clock.systemUTC());
        scraper.start();
        awaitReady("http://127.0.0.1:" + port + "/-/ready");
        onPrometheus = new PrometheusAnalysis(
                new PrometheusClient("http://127.0.0.1:" + port, Duration.ofSeconds(10)), Clock.systemUTC());
        onScrapes = new ScrapeAnalysis(scraper.store(), Clock.systemUTC());
        request = new AnalysisRequest(
                "fraud",
                "1",
                "2",
                Duration.ofSeconds(30),
                List.of(
                        MetricCheck.of(AnalysisMetric.ERROR_RATE, 0.01),
                        MetricCheck.of(AnalysisMetric.LATENCY_P50, null),
                        MetricCheck.of(AnalysisMetric.LATENCY_P99, null),
                        MetricCheck.of(AnalysisMetric.THROUGHPUT, null)),
                null);
        Thread.sleep(35_000); // both backends fill the 30 s window (no timing is asserted; this is a benchmark)
        requireAnswered(onPrometheus.compare(request));
        requireAnswered(onScrapes.compare(request));
        System.out.println("\nPrometheus: " + onPrometheus.compare(request).metrics());
        System.out.println("Scrapes:    " + onScrapes.compare(request).metrics());
    }

    private static Timer latency(PrometheusMeterRegistry registry, Tags tags, String outcome) {
        return Timer.builder(ModelMetricNames.LATENCY)
                .tags(tags)
                .tag(ModelMetricNames.TAG_OUTCOME, outcome)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(30))
                .serviceLevelObjectives(ModelMetricNames.LATENCY_SLO_BUCKETS.toArray(Duration[]::new))
                .register(registry);
    }

    private static void requireAnswered(AnalysisResult result) {
        if (result.metrics().stream()
                .anyMatch(m -> m.status() == MetricStatus.ERROR || m.status() == MetricStatus.NO_DATA)) {
            throw new IllegalStateException(
                    "the " + result.backend() + " backend did not answer every metric: " + result.metrics());
        }
    }

    private static void awaitReady(String url) throws InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        for (int i = 0; i < 300; i++) {
            try {
                if (http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding())
                                .statusCode()
                        == 200) {
                    return;
                }
            } catch (IOException e) {
                // not up yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("Prometheus did not become ready at " + url);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress("127.0.0.1", 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws InterruptedException {
        if (scraper != null) {
            scraper.close();
        }
        if (prometheus != null) {
            prometheus.destroy();
            prometheus.waitFor(20, TimeUnit.SECONDS);
        }
        servers.forEach(server -> server.stop(0));
        if (traffic != null) {
            traffic.shutdownNow();
        }
    }

    /** One analysis on Prometheus: 8 PromQL instant queries over HTTP. */
    @Benchmark
    public AnalysisResult prometheus() {
        return onPrometheus.compare(request);
    }

    /** The same analysis on the component's own scrapes of the 50 providers. */
    @Benchmark
    public AnalysisResult scrape() {
        return onScrapes.compare(request);
    }
}
