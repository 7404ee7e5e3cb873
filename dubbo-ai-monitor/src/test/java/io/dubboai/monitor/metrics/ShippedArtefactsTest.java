package io.dubboai.monitor.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dubboai.monitor.gpu.GpuSampler;
import io.dubboai.monitor.sketch.SketchConfig;
import io.dubboai.serving.ErrorKind;
import io.dubboai.serving.oip.grpc.ModelInferRequest;
import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.dubbo.rpc.RpcInvocation;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The artefacts shipped in {@code monitoring/}: the Grafana dashboard and the Prometheus rules name only metrics this
 * module really exports (every meter registered by the module's own code into the Prometheus registry Dubbo serves,
 * then scraped), and {@code promtool} accepts the rules and passes their unit tests.
 */
class ShippedArtefactsTest {

    private static final Path PROMTOOL = Path.of("/usr/bin/promtool");
    /** A metric name, not preceded by a recording rule's {@code level:} prefix. */
    private static final Pattern METRIC = Pattern.compile("(?<![:\\w])dubbo_ai_[a-z0-9_]+");

    private static Set<String> exported;

    @TempDir
    Path work;

    /** Registers every meter the module has, as the filters, the batcher, the GPU sampler and the sketches do. */
    @BeforeAll
    static void scrapeEveryMeter() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Tags tags = Tags.of(
                ModelMetricNames.TAG_MODEL, "fraud",
                ModelMetricNames.TAG_VERSION, "2",
                ModelMetricNames.TAG_ACCELERATOR, "gpu",
                ModelMetricNames.TAG_GPU_TYPE, "H100");
        ServiceMeters provider = new ServiceMeters(registry, ServiceMeters.Side.PROVIDER, tags);
        provider.finished(CallOutcome.of(ErrorKind.RUNTIME), 1_000_000);
        new ServiceMeters(registry, ServiceMeters.Side.CONSUMER, tags).finished(CallOutcome.of(ErrorKind.RUNTIME), 1);
        BatchMetrics batch = new BatchMetrics(registry, tags, 8);
        batch.batchRun(4);
        batch.waited(1_000);
        batch.rejected(ErrorKind.OVERLOADED);
        new GpuSampler(registry, command -> Optional.of("0, NVIDIA H100 80GB HBM3, 37, 1024, 81559\n")).sample();
        SketchConfig defaults = SketchConfig.DEFAULTS;
        try (InputSketches sketches = new InputSketches(
                new SketchConfig(
                        1.0,
                        defaults.queueCapacity(),
                        defaults.window(),
                        defaults.windowsKept(),
                        defaults.kllK(),
                        defaults.maxMapSize(),
                        defaults.categorical()),
                registry,
                Clock.systemUTC())) {
            RpcInvocation invocation = new RpcInvocation();
            invocation.setArguments(new Object[] {ModelInferRequest.getDefaultInstance()});
            sketches.served(provider, invocation);
            exported = new TreeSet<>();
            for (String line : registry.scrape().split("\n")) {
                if (!line.startsWith("#") && !line.isBlank()) {
                    exported.add(line.split("[{ ]", 2)[0]);
                }
            }
        }
    }

    private static Path monitoringDir() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("monitoring/prometheus"))) {
            dir = dir.getParent();
        }
        assertThat(dir)
                .as("no monitoring/prometheus above the working directory")
                .isNotNull();
        return dir.resolve("monitoring");
    }

    private static Set<String> metricsIn(String text) {
        Set<String> names = new TreeSet<>();
        Matcher matcher = METRIC.matcher(text);
        while (matcher.find()) {
            names.add(matcher.group());
        }
        return names;
    }

    @Test
    void scrape_hasEveryFamilyTheDocsList() {
        assertThat(exported)
                .contains(
                        "dubbo_ai_model_requests_total",
                        "dubbo_ai_model_latency_seconds_bucket",
                        "dubbo_ai_model_client_latency_seconds_bucket",
                        "dubbo_ai_model_batch_rejections_total",
                        "dubbo_ai_gpu_utilization",
                        "dubbo_ai_model_sketch_sampled_total");
    }

    @Test
    void dashboard_namesOnlyExportedMetrics() throws IOException {
        JsonNode dashboard = new ObjectMapper()
                .readTree(
                        monitoringDir().resolve("grafana/dubbo-ai-models.json").toFile());
        List<String> queries = new ArrayList<>();
        dashboard.findValues("expr").forEach(expr -> queries.add(expr.asText()));
        dashboard
                .path("templating")
                .path("list")
                .forEach(variable -> queries.add(variable.path("query").asText()));

        Set<String> named = metricsIn(String.join("\n", queries));

        assertThat(queries).hasSizeGreaterThan(10);
        assertThat(named)
                .isNotEmpty()
                .allSatisfy(name -> assertThat(exported).as(name).contains(name));
        assertThat(named).contains("dubbo_ai_model_requests_total", "dubbo_ai_model_latency_seconds_bucket");
    }

    @Test
    void prometheusRules_nameOnlyExportedMetrics() throws IOException {
        Set<String> named = metricsIn(Files.readString(monitoringDir().resolve("prometheus/dubbo-ai-rules.yml")));

        assertThat(named)
                .isNotEmpty()
                .allSatisfy(name -> assertThat(exported).as(name).contains(name));
    }

    @Test
    void prometheusRules_acceptedAndTestedByPromtool() throws Exception {
        Assumptions.assumeTrue(
                Files.isExecutable(PROMTOOL),
                PROMTOOL + " is missing, so the rules are not checked here: install Debian's prometheus package"
                        + " (apt-get install -y prometheus; .ci/run does)");
        Path prometheus = monitoringDir().resolve("prometheus");

        assertThat(promtool(
                        "check",
                        "rules",
                        prometheus.resolve("dubbo-ai-rules.yml").toString()))
                .contains("SUCCESS: 12 rules found");
        assertThat(promtool(
                        "test",
                        "rules",
                        prometheus.resolve("tests/dubbo-ai-rules.test.yml").toString()))
                .contains("SUCCESS");
    }

    private String promtool(String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of(PROMTOOL.toString()));
        command.addAll(List.of(arguments));
        Path output = Files.createTempFile(work, "promtool", ".log");
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS))
                .as("promtool finished")
                .isTrue();
        String text = Files.readString(output);
        assertThat(process.exitValue()).as("%s answered:%n%s", command, text).isZero();
        return text;
    }
}
