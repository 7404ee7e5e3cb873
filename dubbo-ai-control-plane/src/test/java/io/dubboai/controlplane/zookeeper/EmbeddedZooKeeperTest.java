package io.dubboai.controlplane.zookeeper;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class EmbeddedZooKeeperTest {

    @TempDir
    Path dataDir;

    @Test
    void start_freePort_servesClientsAndKeepsDataAcrossRestart() throws Exception {
        try (EmbeddedZooKeeper zk = EmbeddedZooKeeper.start(dataDir, 0)) {
            assertThat(zk.port()).isPositive();
            assertThat(zk.dubboAddress()).isEqualTo("zookeeper://127.0.0.1:" + zk.port());
            try (CuratorFramework client = connect(zk)) {
                client.create().creatingParentsIfNeeded().forPath("/dubbo/config/dubbo/m.model-route", bytes("x"));
            }
        }
        try (EmbeddedZooKeeper zk = EmbeddedZooKeeper.start(dataDir, 0);
                CuratorFramework client = connect(zk)) {
            assertThat(client.getData().forPath("/dubbo/config/dubbo/m.model-route"))
                    .isEqualTo(bytes("x"));
        }
    }

    private static CuratorFramework connect(EmbeddedZooKeeper zk) throws InterruptedException {
        CuratorFramework client = CuratorFrameworkFactory.newClient(zk.connectString(), new RetryOneTime(100));
        client.start();
        assertThat(client.blockUntilConnected(10, java.util.concurrent.TimeUnit.SECONDS))
                .isTrue();
        return client;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
