package io.dubboai.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.dubboai.controlplane.zookeeper.EmbeddedZooKeeper;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ZooKeeper backend on a real (embedded) ZooKeeper. */
class ZooKeeperDocumentStoreTest extends DocumentStoreContract {

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
        // each test gets its own root, so documents of one test do not leak into the next
        storeCount++;
        return ZooKeeperDocumentStore.connect(zooKeeper.dubboAddress(), "/test" + storeCount);
    }

    @Test
    void connectStringShouldIncludeBackupAddresses() {
        assertThat(ZooKeeperDocumentStore.connectString("zookeeper://a:2181?backup=b:2181,c:2181&timeout=5"))
                .isEqualTo("a:2181,b:2181,c:2181");
    }
}
