package io.dubboai.monitor.control;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A real Alertmanager (Debian's {@code prometheus-alertmanager} package) started by a test on a free loopback port,
 * clustering off, with a generated configuration (one receiver that sends nowhere) and its own storage directory; its
 * output goes to {@code alertmanager.log} in that directory.
 */
public final class AlertmanagerServer implements AutoCloseable {

    /** Where Debian installs the binary. */
    public static final Path BINARY = Path.of("/usr/bin/prometheus-alertmanager");

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final int port;
    private final HttpClient http = HttpClient.newHttpClient();

    private AlertmanagerServer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts Alertmanager and waits until it is ready; fails saying what to install when it is missing. */
    public static AlertmanagerServer start(Path dir) throws IOException {
        if (!Files.isExecutable(BINARY)) {
            throw new AssertionError(BINARY + " is missing: this test needs a real Alertmanager. Install Debian's"
                    + " package: apt-get install -y prometheus-alertmanager (.ci/run does so)");
        }
        int port = PrometheusServer.freePort();
        Path config = dir.resolve("alertmanager.yml");
        Files.writeString(
                config,
                "route:\n  receiver: nowhere\n  group_wait: 1s\n  group_interval: 1s\n  repeat_interval: 1h\n"
                        + "receivers:\n  - name: nowhere\n");
        Path log = dir.resolve("alertmanager.log");
        Process process = new ProcessBuilder(
                        BINARY.toString(),
                        "--config.file=" + config,
                        "--storage.path=" + dir.resolve("data"),
                        "--web.listen-address=127.0.0.1:" + port,
                        "--cluster.listen-address=")
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        AlertmanagerServer server = new AlertmanagerServer(process, port);
        try {
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> {
                        if (!process.isAlive()) {
                            throw new AssertionError("Alertmanager exited with " + process.exitValue() + "; its log:\n"
                                    + Files.readString(log));
                        }
                        try {
                            return server.get("/-/ready").statusCode() == 200;
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
    public URI url() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** {@code GET /api/v2/alerts}: the alerts Alertmanager holds and has not seen resolved. */
    public JsonNode alerts() throws IOException, InterruptedException {
        HttpResponse<String> response = get("/api/v2/alerts");
        if (response.statusCode() != 200) {
            throw new AssertionError("GET /api/v2/alerts answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(URI.create(url() + path))
                        .timeout(Duration.ofSeconds(5))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
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
