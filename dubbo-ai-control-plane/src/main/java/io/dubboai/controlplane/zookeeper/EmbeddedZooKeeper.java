package io.dubboai.controlplane.zookeeper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.zookeeper.server.ServerCnxnFactory;
import org.apache.zookeeper.server.ZooKeeperServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real, standalone ZooKeeper server inside this JVM, bound to loopback. The embedded deploy mode and the tests
 * use it as Dubbo's registry and config center.
 *
 * <pre>{@code
 * try (EmbeddedZooKeeper zk = EmbeddedZooKeeper.start(dataDir, 0)) {   // 0 picks a free port
 *     String address = zk.dubboAddress();                              // zookeeper://127.0.0.1:port
 * }
 * }</pre>
 *
 * <p>Data (snapshots and transaction logs) lives under {@code dataDir}, so a restart on the same directory keeps
 * the registered rules and models.
 */
public final class EmbeddedZooKeeper implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedZooKeeper.class);
    private static final int TICK_MILLIS = 500;
    private static final int MAX_CLIENT_CONNECTIONS = 1000;

    private final ZooKeeperServer server;
    private final ServerCnxnFactory connections;
    private final Path dataDir;

    private EmbeddedZooKeeper(ZooKeeperServer server, ServerCnxnFactory connections, Path dataDir) {
        this.server = server;
        this.connections = connections;
        this.dataDir = dataDir;
    }

    /**
     * Starts a server on {@code 127.0.0.1:port}.
     *
     * @param dataDir directory for snapshots and logs; created if missing
     * @param port TCP port, or 0 for a free one
     * @throws UncheckedIOException if the directory cannot be used or the port is taken
     */
    public static EmbeddedZooKeeper start(Path dataDir, int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535 (0 picks a free port), but was " + port);
        }
        // The embedded server answers no admin HTTP and no four-letter words beyond what the clients need.
        System.setProperty("zookeeper.admin.enableServer", "false");
        try {
            Files.createDirectories(dataDir);
            ZooKeeperServer server = new ZooKeeperServer(dataDir.toFile(), dataDir.toFile(), TICK_MILLIS);
            ServerCnxnFactory connections = ServerCnxnFactory.createFactory();
            connections.configure(new InetSocketAddress("127.0.0.1", port), MAX_CLIENT_CONNECTIONS, -1);
            connections.startup(server);
            EmbeddedZooKeeper zooKeeper = new EmbeddedZooKeeper(server, connections, dataDir);
            log.info("Embedded ZooKeeper listening on {} with data in {}", zooKeeper.connectString(), dataDir);
            return zooKeeper;
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "Could not start the embedded ZooKeeper on 127.0.0.1:" + port + " with data in " + dataDir
                            + "; check that the port is free and the directory writable",
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while starting the embedded ZooKeeper", e);
        }
    }

    /** The port the server listens on. */
    public int port() {
        return connections.getLocalPort();
    }

    /** Connect string for ZooKeeper clients such as Curator: {@code 127.0.0.1:port}. */
    public String connectString() {
        return "127.0.0.1:" + port();
    }

    /** Address for Dubbo's registry and config center: {@code zookeeper://127.0.0.1:port}. */
    public String dubboAddress() {
        return "zookeeper://" + connectString();
    }

    /** Directory holding the server's data. */
    public Path dataDir() {
        return dataDir;
    }

    /** Stops the server; clients see their sessions end. Idempotent. */
    @Override
    public void close() {
        connections.shutdown();
        if (server.isRunning()) {
            server.shutdown();
        }
        log.info("Embedded ZooKeeper on {} stopped", dataDir);
    }
}
