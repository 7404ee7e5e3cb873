package io.dubboai.controlplane.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.dubboai.controlplane.testing.Concurrently;
import io.dubboai.controlplane.zookeeper.EmbeddedZooKeeper;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.dubbo.common.URL;
import org.apache.dubbo.common.config.configcenter.DynamicConfiguration;
import org.apache.dubbo.remoting.zookeeper.curator5.ZookeeperClient;
import org.apache.dubbo.remoting.zookeeper.curator5.ZookeeperClientManager;
import org.apache.dubbo.rpc.model.ApplicationModel;
import org.apache.dubbo.rpc.model.FrameworkModel;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Creation on a real ZooKeeper through Dubbo's {@code ZookeeperDynamicConfiguration}. One store's ZooKeeper client
 * lets the test act just before a write reaches ZooKeeper, which is where a competing creator can slip in between
 * the store's read and its write.
 */
class ConfigCenterDocumentStoreTest {

    private static final String GROUP = "dubbo-ai-registry";

    @TempDir
    static Path temp;

    static EmbeddedZooKeeper zooKeeper;
    static FrameworkModel hookedFramework;
    static FrameworkModel otherFramework;
    static final AtomicReference<@Nullable Runnable> beforeNextWrite = new AtomicReference<>();
    static ConfigCenterDocumentStore hooked;
    static DynamicConfiguration otherConfiguration;
    static ConfigCenterDocumentStore other;

    @BeforeAll
    static void start() {
        zooKeeper = EmbeddedZooKeeper.start(temp.resolve("zk"), 0);
        hookedFramework = new FrameworkModel();
        ApplicationModel application = hookedFramework.newApplication();
        ZookeeperClientManager clients = ZookeeperClientManager.getInstance(application);
        ZookeeperClient real = clients.connect(URL.valueOf(zooKeeper.dubboAddress()));
        ZookeeperClient withHook = hookWrites(real);
        clients.getZookeeperClientMap().replaceAll((address, client) -> withHook);
        DynamicConfiguration configuration = ConfigCenters.open(zooKeeper.dubboAddress(), application);
        hooked = new ConfigCenterDocumentStore(configuration, GROUP, 100 * 1024, "hooked");

        otherFramework = new FrameworkModel();
        otherConfiguration = ConfigCenters.open(zooKeeper.dubboAddress(), otherFramework.newApplication());
        other = new ConfigCenterDocumentStore(otherConfiguration, GROUP, 100 * 1024, "other");
    }

    @AfterAll
    static void stop() {
        hooked.close();
        other.close();
        hookedFramework.destroy();
        otherFramework.destroy();
        zooKeeper.close();
    }

    @Test
    void createWhenAnotherCreatorWinsBetweenReadAndWriteShouldReportConflictAndKeepTheWinner() {
        String key = "race.model";
        boolean[] otherCreated = new boolean[1];
        // the hooked store has read "absent"; the other creator now creates the document before its write lands
        beforeNextWrite.set(() -> otherCreated[0] = other.create(key, "{\"by\":\"other\"}"));

        boolean created = hooked.create(key, "{\"by\":\"hooked\"}");

        assertThat(otherCreated[0]).as("the creator that wrote first").isTrue();
        // Dubbo's publishConfigCas with a null ticket would have overwritten the node (it was never updated)
        assertThat(created).as("the creator that read before the other wrote").isFalse();
        assertThat(other.read(key).orElseThrow().content()).isEqualTo("{\"by\":\"other\"}");
    }

    @Test
    void concurrentCreatorsOfTheSameKeysShouldHaveExactlyOneWinnerEach() throws Exception {
        int keys = 20;
        List<Callable<List<Boolean>>> creators = new ArrayList<>();
        for (int creator = 0; creator < 6; creator++) {
            ConfigCenterDocumentStore store = creator % 2 == 0 ? hooked : other;
            String content = "{\"creator\":" + creator + "}";
            creators.add(() -> {
                List<Boolean> won = new ArrayList<>();
                for (int key = 0; key < keys; key++) {
                    won.add(store.create("concurrent-" + key + ".model", content));
                }
                return won;
            });
        }

        List<List<Boolean>> results = Concurrently.runTogether(creators);

        for (int key = 0; key < keys; key++) {
            List<Integer> winners = new ArrayList<>();
            for (int creator = 0; creator < results.size(); creator++) {
                if (results.get(creator).get(key)) {
                    winners.add(creator);
                }
            }
            assertThat(winners).as("creators that won key %d", key).hasSize(1);
            assertThat(other.read("concurrent-" + key + ".model").orElseThrow().content())
                    .isEqualTo("{\"creator\":" + winners.get(0) + "}");
        }
    }

    @Test
    void createShouldFillAnEmptyNodeButNeverReplaceADocument() {
        String key = "empty.model";
        // an operator left an empty node: the store reads it as no document, so create must be able to fill it
        assertThat(otherConfiguration.publishConfig(key, GROUP, "")).isTrue();
        assertThat(other.read(key)).isEmpty();

        assertThat(hooked.create(key, "{\"n\":1}")).isTrue();
        assertThat(hooked.create(key, "{\"n\":2}")).isFalse();
        assertThat(other.read(key).orElseThrow().content()).isEqualTo("{\"n\":1}");
    }

    /** A client that runs {@link #beforeNextWrite} (once) just before a compare-and-set write goes to ZooKeeper. */
    private static ZookeeperClient hookWrites(ZookeeperClient real) {
        return (ZookeeperClient) Proxy.newProxyInstance(
                ZookeeperClient.class.getClassLoader(),
                new Class<?>[] {ZookeeperClient.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("createOrUpdate") && args.length == 4) {
                        Runnable hook = beforeNextWrite.getAndSet(null);
                        if (hook != null) {
                            hook.run();
                        }
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
