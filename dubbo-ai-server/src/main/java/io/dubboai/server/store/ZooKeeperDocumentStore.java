package io.dubboai.server.store;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;
import org.jspecify.annotations.Nullable;

/**
 * Documents as ZooKeeper nodes {@code /<root>/<key>} through Curator. The ticket is the node's data version:
 * {@link #compareAndSet} is ZooKeeper's own conditional {@code setData(version)}, and a create-only write is a
 * {@code create} that fails if the node exists, so both are atomic across every replica. Every read is preceded by a
 * {@code sync}, so it sees all writes acknowledged to other replicas before it. (Dubbo's
 * {@code DynamicConfiguration.publishConfigCas} cannot express create-only on ZooKeeper: with no ticket it
 * overwrites, which is why ZooKeeper is reached directly here.)
 */
public final class ZooKeeperDocumentStore implements DocumentStore {

    /** Root node of the server's documents. */
    public static final String DEFAULT_ROOT = "/dubbo-ai-server";

    private static final int CONNECT_TIMEOUT_SECONDS = 30;

    private final CuratorFramework client;
    private final String root;
    private final String address;

    private ZooKeeperDocumentStore(CuratorFramework client, String root, String address) {
        this.client = client;
        this.root = root;
        this.address = address;
    }

    /**
     * Connects to ZooKeeper.
     *
     * @param dubboAddress a Dubbo address {@code zookeeper://host:port[?backup=host2:port,...]}
     * @param root the root node, e.g. {@value #DEFAULT_ROOT}
     * @throws IllegalStateException if ZooKeeper cannot be reached within 30 seconds
     */
    public static ZooKeeperDocumentStore connect(String dubboAddress, String root) {
        Objects.requireNonNull(dubboAddress, "dubboAddress");
        if (!root.startsWith("/") || root.endsWith("/")) {
            throw new IllegalArgumentException(
                    "ZooKeeper root must start and not end with '/', but was '" + root + "'");
        }
        String connectString = connectString(dubboAddress);
        CuratorFramework client = CuratorFrameworkFactory.newClient(connectString, new ExponentialBackoffRetry(200, 5));
        client.start();
        try {
            if (!client.blockUntilConnected(CONNECT_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                client.close();
                throw new IllegalStateException("Cannot reach ZooKeeper at " + connectString + " within "
                        + CONNECT_TIMEOUT_SECONDS + " s for the security store; check dubbo.ai.server.registry-address "
                        + "(or config-center-address) and that ZooKeeper runs");
            }
        } catch (InterruptedException e) {
            client.close();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while connecting to ZooKeeper at " + connectString, e);
        }
        return new ZooKeeperDocumentStore(client, root, dubboAddress);
    }

    /** {@code host:port[,host2:port]} from a Dubbo ZooKeeper address. */
    static String connectString(String dubboAddress) {
        String rest = dubboAddress.startsWith("zookeeper://")
                ? dubboAddress.substring("zookeeper://".length())
                : dubboAddress;
        int query = rest.indexOf('?');
        String hosts = query < 0 ? rest : rest.substring(0, query);
        if (query >= 0) {
            for (String parameter : rest.substring(query + 1).split("&")) {
                if (parameter.startsWith("backup=")) {
                    hosts = hosts + "," + parameter.substring("backup=".length());
                }
            }
        }
        return hosts;
    }

    @Override
    public Optional<Versioned> read(String key) {
        Stat stat = new Stat();
        try {
            sync(path(key));
            byte[] data = client.getData().storingStatIn(stat).forPath(path(key));
            return Optional.of(new Versioned(new String(data, StandardCharsets.UTF_8), stat.getVersion()));
        } catch (KeeperException.NoNodeException e) {
            return Optional.empty();
        } catch (Exception e) {
            throw new IllegalStateException("Cannot read " + path(key) + " from ZooKeeper at " + address, e);
        }
    }

    /**
     * ZooKeeper lets a session read data older than another session's acknowledged write; a {@code sync} first makes
     * the read see every write acknowledged before it (a token created or revoked on another replica).
     */
    private void sync(String path) throws InterruptedException {
        CountDownLatch synced = new CountDownLatch(1);
        try {
            client.sync().inBackground((c, event) -> synced.countDown()).forPath(path);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot sync " + path + " with ZooKeeper at " + address, e);
        }
        if (!synced.await(CONNECT_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            throw new IllegalStateException(
                    "ZooKeeper at " + address + " did not answer a sync within " + CONNECT_TIMEOUT_SECONDS + " s");
        }
    }

    @Override
    public boolean compareAndSet(String key, String content, @Nullable Object ticket) {
        byte[] data = content.getBytes(StandardCharsets.UTF_8);
        try {
            if (ticket == null) {
                client.create().creatingParentsIfNeeded().forPath(path(key), data);
            } else {
                client.setData().withVersion((Integer) ticket).forPath(path(key), data);
            }
            return true;
        } catch (KeeperException.NodeExistsException
                | KeeperException.BadVersionException
                | KeeperException.NoNodeException e) {
            return false;
        } catch (Exception e) {
            throw new IllegalStateException("Cannot write " + path(key) + " to ZooKeeper at " + address, e);
        }
    }

    @Override
    public void remove(String key) {
        try {
            client.delete().forPath(path(key));
        } catch (KeeperException.NoNodeException e) {
            // already gone
        } catch (Exception e) {
            throw new IllegalStateException("Cannot delete " + path(key) + " in ZooKeeper at " + address, e);
        }
    }

    @Override
    public String describe() {
        return "ZooKeeper " + address + " under " + root;
    }

    @Override
    public void close() {
        client.close();
    }

    private String path(String key) {
        if (key.isEmpty() || key.contains("/")) {
            throw new IllegalArgumentException(
                    "Document key must be a non-empty name without '/', but was '" + key + "'");
        }
        return root + "/" + key;
    }
}
