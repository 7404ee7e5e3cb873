package io.dubboai.samples.quickstart;

import com.fasterxml.jackson.databind.JsonNode;
import io.dubboai.samples.consumer.ModelConsumerMain;
import io.dubboai.samples.provider.DemoModel;
import io.dubboai.samples.provider.ModelProviderMain;
import io.dubboai.samples.provider.Options;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The one-command quickstart on embedded defaults. It starts, each as its own JVM on loopback:
 *
 * <ol>
 *   <li>the admin server ({@code dubbo-ai-server}, embedded mode: its own ZooKeeper, single-node election, file
 *       artifacts), and reads the admin token it prints on first start;
 *   <li>registers model {@value #MODEL} with two versions (two generated ONNX models, uploaded and verified by SHA-256)
 *       and the aliases {@code champion → 1}, {@code challenger → 2}, which the registry writes into the route rule;
 *   <li>one provider per version, each serving the artifact the registry stored;
 *   <li>a consumer sending steady traffic by alias, routed by {@code dubbo-ai-router}.
 * </ol>
 *
 * Then it prints where to look and, every two seconds, which version served the calls of each alias. With
 * {@code --smoke} it instead moves {@code champion} to version 2, waits until the traffic follows, and exits: 0 when
 * it did, 1 otherwise. Ctrl-C stops every process. Separate JVMs are deliberate: Dubbo keeps Triple servers and
 * ZooKeeper watches in JVM-wide maps, so one provider per JVM is how it runs in production too.
 */
public final class Quickstart implements AutoCloseable {

    static final String MODEL = "risk";

    private static final Duration SERVER_START = Duration.ofMinutes(4);
    private static final Duration PROVIDER_START = Duration.ofMinutes(3);
    private static final Duration TRAFFIC_WAIT = Duration.ofMinutes(3);
    private static final Pattern TOKEN = Pattern.compile("Authorization: Bearer (dai_\\S+)");
    private static final Pattern PROVIDER_READY = Pattern.compile("(PROVIDER READY)");

    private final Path serverJar;
    private final Path dataDir;
    private final List<ChildProcess> children = new ArrayList<>();
    private volatile Traffic lastTraffic = new Traffic(Map.of(), 0);
    private volatile long reports;

    Quickstart(Path serverJar, Path dataDir) {
        this.serverJar = serverJar;
        this.dataDir = dataDir;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = Options.parse(args);
        Path serverJar = Path.of(
                options.getOrDefault("server-jar", System.getProperty("quickstart.serverJar", defaultServerJar())));
        Path dataDir = Files.createTempDirectory("dubbo-ai-quickstart");
        Quickstart quickstart = new Quickstart(serverJar, dataDir);
        Runtime.getRuntime().addShutdownHook(new Thread(quickstart::close, "quickstart-stop"));
        int code;
        try {
            if (options.containsKey("smoke")) {
                SmokeResult result = quickstart.smoke();
                System.out.println(result);
                code = result.followed() ? 0 : 1;
            } else {
                quickstart.start();
                quickstart.awaitChildExit();
                code = 1;
            }
        } catch (RuntimeException | TimeoutException e) {
            System.out.println("quickstart failed: " + e.getMessage() + "\nlogs: " + dataDir.resolve("logs"));
            code = 1;
        }
        quickstart.close();
        System.exit(code);
    }

    /** What the smoke run saw: traffic per alias before and after {@code champion} moved from version 1 to 2. */
    record SmokeResult(Traffic before, Traffic after, boolean followed) {}

    /** Starts everything, checks that both versions serve, moves the champion alias and waits for traffic to follow. */
    SmokeResult smoke() throws TimeoutException {
        RegistryClient registry = start();
        Traffic before = awaitTraffic(t -> t.served("champion", "1") > 0 && t.served("challenger", "2") > 0);
        System.out.println("Both versions serve: " + before.calls() + ". Moving alias champion to version 2.");
        registry.setAlias(MODEL, "champion", 2);
        Traffic after;
        try {
            after = awaitTraffic(t -> t.total("champion") > 0 && t.served("champion", "2") == t.total("champion"));
        } catch (TimeoutException e) {
            return new SmokeResult(before, lastTraffic, false);
        }
        return new SmokeResult(before, after, true);
    }

    /** Starts the server, registers the model, starts providers and the consumer; returns the registry client. */
    RegistryClient start() throws TimeoutException {
        int zooKeeperPort = freePort();
        int httpPort = freePort();
        String baseUrl = "http://127.0.0.1:" + httpPort;
        String registryAddress = "zookeeper://127.0.0.1:" + zooKeeperPort;
        System.out.println("dubbo-ai quickstart: data and logs in " + dataDir);

        ChildProcess server = launch(
                "server",
                List.of(
                        "-jar",
                        serverJar.toString(),
                        "--server.address=127.0.0.1",
                        "--server.port=" + httpPort,
                        "--dubbo.ai.server.mode=embedded",
                        "--dubbo.ai.server.data-dir=" + dataDir.resolve("server"),
                        "--dubbo.ai.server.plugins.dir=" + dataDir.resolve("plugins"),
                        "--dubbo.ai.server.embedded.zookeeper-port=" + zooKeeperPort,
                        // expected with the loopback setting below: Dubbo warns on every local-address lookup
                        "--logging.level.org.apache.dubbo.common.utils.NetUtils=off"),
                line -> line.contains(" ERROR ") || line.contains("APPLICATION FAILED"));
        CompletableFuture<String> token = server.await(TOKEN);
        String adminToken = get(token, SERVER_START, "the server's admin token");
        awaitHealthy(baseUrl);
        System.out.println("Admin server up at " + baseUrl);

        RegistryClient registry = new RegistryClient(baseUrl, adminToken);
        registry.createModel(MODEL, "quickstart sample: risk score of a transaction");
        List<JsonNode> versions = new ArrayList<>();
        for (long seed = 1; seed <= 2; seed++) {
            byte[] artifact = DemoModel.onnx(seed);
            versions.add(registry.registerVersion(MODEL, artifact, DemoModel.sha256(artifact)));
        }
        registry.setAlias(MODEL, "champion", 1);
        registry.setAlias(MODEL, "challenger", 2);
        System.out.println("Registered model '" + MODEL + "' versions 1 and 2; champion -> 1, challenger -> 2");

        List<CompletableFuture<String>> ready = new ArrayList<>();
        for (JsonNode version : versions) {
            String number = version.get("version").asText();
            ChildProcess provider = launchMain(
                    "provider-v" + number,
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
                            version.get("checksum").asText()),
                    line -> line.contains("PROVIDER READY") || line.contains("Exception in thread"));
            ready.add(provider.await(PROVIDER_READY));
        }
        for (CompletableFuture<String> providerReady : ready) {
            get(providerReady, PROVIDER_START, "a provider to load, warm up and register");
        }

        ChildProcess consumer = launchMain(
                "consumer",
                ModelConsumerMain.class,
                List.of("--registry", registryAddress, "--model", MODEL, "--rate", "40", "--report-every", "2s"),
                line -> line.startsWith("SERVED") || line.contains("failed"));
        consumer.onLine(line -> Traffic.parse(line).ifPresent(traffic -> {
            lastTraffic = traffic;
            reports++;
        }));

        System.out.println("""

                ----------------------------------------------------------------------------------------------
                 dubbo-ai quickstart is running.
                   Admin API     %1$s/api/v1/ai/models/%2$s   (Authorization: Bearer %3$s)
                   Route rule    %1$s/api/v1/ai/models/%2$s/aliases/champion
                   Status        %1$s/api/v1/ai/status
                   OpenAPI       %1$s/swagger-ui.html
                   Metrics       %1$s/actuator/prometheus  (same token)
                   ZooKeeper     %4$s  (rule: /dubbo/config/dubbo/%2$s.model-route)
                   Logs          %5$s
                 Move traffic:  curl -X PUT -H 'Authorization: Bearer %3$s' -H 'Content-Type: application/json' \\
                                  -d '{"version": 2}' %1$s/api/v1/ai/models/%2$s/aliases/champion
                 The consumer reports below which version served each alias (SERVED alias:version=calls).
                 Ctrl-C stops everything.
                ----------------------------------------------------------------------------------------------
                """.formatted(baseUrl, MODEL, adminToken, registryAddress, dataDir.resolve("logs")));
        return registry;
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

    private void awaitChildExit() {
        while (children.stream().allMatch(ChildProcess::isAlive)) {
            sleep(Duration.ofSeconds(1));
        }
        children.stream()
                .filter(child -> !child.isAlive())
                .forEach(child -> System.out.println(child.name() + " stopped; see " + child.log()));
    }

    private void requireChildrenAlive() {
        for (ChildProcess child : children) {
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

    private ChildProcess launchMain(String name, Class<?> main, List<String> args, Predicate<String> echo) {
        List<String> command = new ArrayList<>(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(args);
        return launch(name, command, echo);
    }

    private ChildProcess launch(String name, List<String> args, Predicate<String> echo) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                // Dubbo refuses 127.* and picks the first non-loopback address; with every interface ignored it
                // registers 127.0.0.1, so the whole quickstart stays on loopback.
                "-Ddubbo.network.interface.ignored=.*",
                "-Ddubbo.application.qos-enable=false"));
        command.addAll(args);
        ChildProcess child = ChildProcess.start(name, command, dataDir.resolve("logs"), echo);
        children.add(child);
        return child;
    }

    /** The processes started so far. */
    List<ChildProcess> children() {
        return List.copyOf(children);
    }

    /** Stops the consumer first, then the providers, then the server. Idempotent. */
    @Override
    public void close() {
        List<ChildProcess> reversed = new ArrayList<>(children);
        java.util.Collections.reverse(reversed);
        reversed.forEach(ChildProcess::close);
    }

    private static String get(CompletableFuture<String> future, Duration timeout, String what) throws TimeoutException {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new TimeoutException("gave up waiting for " + what + " after " + timeout);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(
                    "waiting for " + what + ": " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + what, e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
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

    private static String defaultServerJar() {
        return "dubbo-ai-server/target/dubbo-ai-server-0.1.0-SNAPSHOT.jar";
    }
}
