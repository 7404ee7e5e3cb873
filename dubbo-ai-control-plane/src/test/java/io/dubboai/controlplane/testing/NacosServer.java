package io.dubboai.controlplane.testing;

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
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * A real Nacos 2.5.1 server for tests, started as a separate process from the project's {@code shared/nacos/} folder
 * (its README says how it was built) on loopback with embedded storage and no authentication.
 *
 * <p>One server per test JVM ({@link #shared()}), started on first use and stopped when the JVM exits: start-up takes
 * 10-30 s on 2 cores, so test classes share it and keep apart by their own data ids or groups. Its output goes to
 * {@code nacos.log} in its data folder under {@code target/}, never to a pipe.
 */
public final class NacosServer {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(180);
    private static final int START_ATTEMPTS = 3;
    private static @Nullable NacosServer shared;

    private final Process process;
    private final int port;
    private final Path dataDir;

    private NacosServer(Process process, int port, Path dataDir) {
        this.process = process;
        this.port = port;
        this.dataDir = dataDir;
    }

    /** The server of this JVM, started on the first call. */
    public static synchronized NacosServer shared() {
        if (shared == null) {
            shared = start();
            NacosServer server = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "nacos-test-server-stop"));
        }
        return shared;
    }

    /** The Dubbo address of the server, e.g. {@code nacos://127.0.0.1:23848}. */
    public String address() {
        return "nacos://127.0.0.1:" + port;
    }

    /** The HTTP port (gRPC listens on this port + 1000 and + 1001). */
    public int port() {
        return port;
    }

    /** Where its data and its log ({@code nacos.log}) are. */
    public Path dataDir() {
        return dataDir;
    }

    /**
     * Starts a server, trying again (on fresh ports and data) when one fails to start: on a loaded 2-core machine its
     * embedded Derby sometimes times out while it creates its schema.
     */
    private static NacosServer start() {
        Path script = startScript()
                .orElseThrow(
                        () -> new IllegalStateException("These tests need the Nacos server of the project's shared/"
                                + " folder (shared/nacos/start-nacos.sh next to the repository), and it was not found above "
                                + Path.of("").toAbsolutePath() + "; check out shared/ beside the repository"));
        IllegalStateException last = null;
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            try {
                return startOnce(script);
            } catch (IllegalStateException e) {
                last = e;
                System.err.println(
                        "Nacos test server, attempt " + attempt + " of " + START_ATTEMPTS + ": " + e.getMessage());
            }
        }
        throw java.util.Objects.requireNonNull(last);
    }

    private static NacosServer startOnce(Path script) {
        int port = freePortGroup();
        Path dataDir = Path.of("target", "nacos-" + port).toAbsolutePath();
        try {
            Files.createDirectories(dataDir);
            ProcessBuilder builder = new ProcessBuilder(
                            "sh", script.toString(), dataDir.toString(), Integer.toString(port))
                    .redirectErrorStream(true)
                    .redirectOutput(dataDir.resolve("nacos.log").toFile());
            Process process = builder.start();
            NacosServer server = new NacosServer(process, port, dataDir);
            server.awaitReady();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the Nacos test server from " + script, e);
        }
    }

    private void awaitReady() {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        URI readiness = URI.create("http://127.0.0.1:" + port + "/nacos/v1/console/health/readiness");
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the Nacos test server exited with " + process.exitValue() + "; see "
                        + dataDir.resolve("nacos.log"));
            }
            try {
                HttpResponse<Void> response = http.send(
                        HttpRequest.newBuilder(readiness)
                                .timeout(Duration.ofSeconds(2))
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stop();
                throw new IllegalStateException("interrupted while waiting for the Nacos test server", e);
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stop();
                throw new IllegalStateException("interrupted while waiting for the Nacos test server", e);
            }
        }
        stop();
        throw new IllegalStateException("the Nacos test server was not ready within " + START_TIMEOUT.toSeconds()
                + " s; see " + dataDir.resolve("nacos.log"));
    }

    /** Stops the server (SIGTERM, then SIGKILL after 20 s). */
    public void stop() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    /** {@code shared/nacos/start-nacos.sh} in a folder that contains the working directory, or beside one. */
    static Optional<Path> startScript() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            for (Path candidate : new Path[] {
                dir.resolve("shared/nacos/start-nacos.sh"), dir.resolveSibling("shared/nacos/start-nacos.sh")
            }) {
                if (Files.isRegularFile(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    /** A base port P such that P, P+1000, P+1001 and P-1000 are free on every interface (Nacos binds gRPC to all). */
    private static int freePortGroup() {
        for (int attempt = 0; attempt < 50; attempt++) {
            int base = ThreadLocalRandom.current().nextInt(21_000, 39_000);
            if (free(base) && free(base + 1000) && free(base + 1001) && free(base - 1000)) {
                return base;
            }
        }
        throw new IllegalStateException("found no free group of ports for the Nacos test server");
    }

    private static boolean free(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
