package io.dubboai.controlplane.election;

import io.dubboai.controlplane.zookeeper.EmbeddedZooKeeper;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** The failover kit on a real embedded ZooKeeper server, with a 2 s session timeout. */
class ZooKeeperFailoverTest extends LeaderElectionFailoverKit {

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
    protected int serverPort() {
        return zooKeeper.port();
    }

    @Override
    protected LeaderElection newElection(String identity, int port) {
        return LeaderElections.create(new ElectionSettings(
                ElectionType.ZOOKEEPER,
                identity,
                new ZooKeeperElectionSettings(
                        "zookeeper://127.0.0.1:" + port,
                        "/dubbo-ai-test/" + electionName,
                        Duration.ofSeconds(2),
                        Duration.ofSeconds(1)),
                null));
    }
}
