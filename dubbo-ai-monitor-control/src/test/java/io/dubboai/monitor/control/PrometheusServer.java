package io.dubboai.monitor.control;

import static org.awaitility.Awaitility.await;

import io.dubboai.monitor.control.scrape.ScrapeTarget;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Prometheus server (Debian's {@code prometheus} package, {@code /usr/bin/prometheus}) started by a test on a
 * free loopback port with a generated configuration and its own storage directory; its output goes to
 * {@code prometheus.log} in that directory. One scrape job per provider scrapes its QoS {@code /metrics} every second
 * and keeps only that provider's own model version (Dubbo 3.3 shows every provider of the JVM on each
 * {@code /metrics}; the direct scraper filters alike).
 */
public final class PrometheusServer implements AutoCloseable {

    /** Where Debian installs the binary. */
    public static final Path BINARY = Path.of("/usr/bin/prometheus");

    /** Where Debian installs the rule checker. */
    public static final Path PROMTOOL = Path.of("/usr/bin/promtool");

    private final Process process;
    private final int port;
    private final Path log;

    private PrometheusServer(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Fails with what to install when the binary is missing. */
    public static void requireInstalled(Path binary) {
        if (!Files.isExecutable(binary)) {
            throw new AssertionError(binary + " is missing: this test needs a real Prometheus. Install Debian's"
                    + " package: apt-get install -y prometheus (.ci/run does so)");
        }
    }

    /** Starts Prometheus scraping {@code targets} and waits until it is ready. */
    public static PrometheusServer start(Path dir, List<ScrapeTarget> targets) throws IOException {
        requireInstalled(BINARY);
        int port = freePort();
        StringBuilder config = new StringBuilder(
                "global:\n  scrape_interval: 1s\n  scrape_timeout: 900ms\n  evaluation_interval: 1s\nscrape_configs:\n");
        int i = 0;
        for (ScrapeTarget target : targets) {
            config.append("  - job_name: provider-")
                    .append(i++)
                    .append("\n    metrics_path: /metrics\n    static_configs:\n      - targets: ['")
                    .append(target.instance())
                    .append("']\n    metric_relabel_configs:\n      - source_labels: [version]\n        regex: '")
                    .append(target.version().replace("'", "''"))
                    .append("|'\n        action: keep\n");
        }
        Path configFile = dir.resolve("prometheus.yml");
        Files.writeString(configFile, config);
        Path log = dir.resolve("prometheus.log");
        Process process = new ProcessBuilder(
                        BINARY.toString(),
                        "--config.file=" + configFile,
                        "--storage.tsdb.path=" + dir.resolve("data"),
                        "--web.listen-address=127.0.0.1:" + port,
                        "--storage.tsdb.retention.time=1h")
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        PrometheusServer server = new PrometheusServer(process, port, log);
        HttpClient http = HttpClient.newHttpClient();
        try {
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> {
                        if (!process.isAlive()) {
                            throw new AssertionError("Prometheus exited with " + process.exitValue() + "; its log:\n"
                                    + Files.readString(log));
                        }
                        try {
                            return http.send(
                                                    HttpRequest.newBuilder(URI.create(server.url() + "/-/ready"))
                                                            .build(),
                                                    HttpResponse.BodyHandlers.discarding())
                                            .statusCode()
                                    == 200;
                        } catch (IOException e) {
                            return false;
                        }
                    });
        } catch (RuntimeException | Error e) {
            server.close();
            throw e;
        }
        return server;
    }

    /** {@code http://127.0.0.1:<port>}. */
    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** Its output. */
    public Path log() {
        return log;
    }

    /** A free loopback port. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress("127.0.0.1", 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
