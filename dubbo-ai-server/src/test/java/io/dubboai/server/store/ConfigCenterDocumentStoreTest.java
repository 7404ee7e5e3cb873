package io.dubboai.server.store;

import io.dubboai.controlplane.zookeeper.EmbeddedZooKeeper;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Dubbo config-center backend (used for Nacos in production). No Nacos server can run here, so it is driven
 * through Dubbo's ZooKeeper config center: the code path through {@code DynamicConfiguration} is the same.
 */
class ConfigCenterDocumentStoreTest extends DocumentStoreContract {

    @TempDir
    static Path zkDir;

    static EmbeddedZooKeeper zooKeeper;

    private static int storeCount;

    @BeforeAll
    static void startZooKeeper() {
        zooKeeper = EmbeddedZooKeeper.start(zkDir, 0);
    }

    @AfterAll
    static void stopZooKeeper() {
        zooKeeper.close();
    }

    @Override
    protected DocumentStore createStore() {
        // each test gets its own config root (Dubbo's "group" parameter), so documents do not leak between tests
        storeCount++;
        return ConfigCenterDocumentStore.connect(zooKeeper.dubboAddress() + "?group=test" + storeCount);
    }
}
