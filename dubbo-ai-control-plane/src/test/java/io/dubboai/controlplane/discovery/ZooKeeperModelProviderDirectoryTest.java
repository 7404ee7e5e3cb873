package io.dubboai.controlplane.discovery;

import io.dubboai.controlplane.zookeeper.EmbeddedZooKeeper;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** {@link ModelProviderDirectory} on a real (embedded) ZooKeeper server. */
class ZooKeeperModelProviderDirectoryTest extends ModelProviderDirectoryContract {

    @TempDir
    static Path dataDir;

    private static EmbeddedZooKeeper zooKeeper;

    @BeforeAll
    static void startZooKeeper() {
        zooKeeper = EmbeddedZooKeeper.start(dataDir, 0);
    }

    @AfterAll
    static void stopZooKeeper() {
        zooKeeper.close();
    }

    @Override
    protected String registryAddress() {
        return zooKeeper.dubboAddress();
    }
}
