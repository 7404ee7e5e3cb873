package io.dubboai.controlplane.store;

import io.dubboai.controlplane.zookeeper.EmbeddedZooKeeper;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** The config-center backend on a real (embedded) ZooKeeper; every store has a Dubbo framework of its own. */
class ZooKeeperConfigCenterStoreTest extends DocumentStoreContract {

    @TempDir
    static Path temp;

    static EmbeddedZooKeeper zooKeeper;

    @BeforeAll
    static void startZooKeeper() {
        zooKeeper = EmbeddedZooKeeper.start(temp.resolve("zk"), 0);
    }

    @AfterAll
    static void stopZooKeeper() {
        zooKeeper.close();
    }

    @Override
    protected DocumentStore createStore() {
        return ConfigCenterDocumentStore.open(zooKeeper.dubboAddress(), "contract");
    }

    @Override
    protected DocumentStore createOtherStore() {
        return ConfigCenterDocumentStore.open(zooKeeper.dubboAddress(), "contract");
    }
}
