package io.dubboai.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.dubboai.controlplane.zookeeper.EmbeddedZooKeeper;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.dubbo.remoting.zookeeper.curator5.ZookeeperClient;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model delete racing writes under the model, on a real ZooKeeper with two registry nodes. The first node's
 * ZooKeeper client runs a step of the test just before a chosen call reaches ZooKeeper, which fixes the
 * interleaving: the other node's request lands exactly between two of the first node's writes.
 */
class ModelDeleteRaceTest {

    private static final String GROUP_PATH = "/dubbo/config/dubbo-ai-registry";

    @TempDir
    static Path temp;

    static EmbeddedZooKeeper zooKeeper;
    /** The unwrapped client of the hooked node, to list what is left in ZooKeeper. */
    static final AtomicReference<@Nullable ZookeeperClient> raw = new AtomicReference<>();
    /** "method path" → what to run once just before that call reaches ZooKeeper. */
    static final Map<String, Runnable> before = new ConcurrentHashMap<>();

    static RegistryNode hooked;
    static RegistryNode other;

    @BeforeAll
    static void start() {
        zooKeeper = EmbeddedZooKeeper.start(temp.resolve("zk"), 0);
        hooked = new RegistryNode(zooKeeper.dubboAddress(), null, temp, ModelDeleteRaceTest::hook);
        other = new RegistryNode("zookeeper://localhost:" + zooKeeper.port(), null, temp);
    }

    @AfterAll
    static void stop() {
        other.close();
        hooked.close();
        zooKeeper.close();
    }

    @Test
    void registrationWhoseNumberWasWonBeforeTheDeleteShouldBeRefusedAndLeaveNoDocument() {
        hooked.registry.createModel(new NewModel("won-first", "", "", Map.of()), "alice");
        AtomicReference<List<ModelVersion>> deleted = new AtomicReference<>();
        // the registration has taken number 1 on the model counter; the whole delete runs before its document lands
        before.put(
                "createOrUpdate " + path("won-first.1.model-version"),
                () -> deleted.set(other.registry.deleteModel("won-first", "bob")));

        assertThatThrownBy(() -> hooked.registry.createVersion("won-first", NewVersion.ofArtifact(null, "r1"), "alice"))
                .isInstanceOfSatisfying(RegistryException.class, e -> {
                    assertThat(e.reason()).isEqualTo(RegistryException.Reason.CONFLICT);
                    assertThat(e.getMessage())
                            .contains("model 'won-first' is being deleted; retry after the delete finishes");
                });

        // the delete found no document under number 1: without the writer's own check it would stay an orphan
        assertThat(deleted.get()).isEmpty();
        assertThat(documentsOf("won-first")).isEmpty();
        assertThat(hooked.store.loadModel("won-first")).isEmpty();
        assertThat(other.store.loadModel("won-first")).isEmpty();
    }

    @Test
    void registrationAfterTheTombstoneShouldBeRefusedAndTheDeleteShouldRemoveEveryDocument() {
        hooked.registry.createModel(new NewModel("tombstoned", "", "", Map.of()), "alice");
        hooked.registry.createVersion("tombstoned", NewVersion.ofArtifact(null, "r1"), "alice");
        hooked.registry.createVersion("tombstoned", NewVersion.ofArtifact(null, "r2"), "alice");
        AtomicReference<@Nullable Throwable> refused = new AtomicReference<>();
        AtomicReference<@Nullable Throwable> readDuringDelete = new AtomicReference<>();
        AtomicReference<List<RegisteredModel>> listedDuringDelete = new AtomicReference<>();
        // the model is a tombstone now; the delete is about to remove version 1
        before.put("delete " + path("tombstoned.1.model-version"), () -> {
            refused.set(catchThrowable(
                    () -> other.registry.createVersion("tombstoned", NewVersion.ofArtifact(null, "late"), "bob")));
            readDuringDelete.set(catchThrowable(() -> hooked.registry.getVersion("tombstoned", 2)));
            listedDuringDelete.set(
                    hooked.registry.searchModels(ModelQuery.all()).items());
        });

        List<ModelVersion> deleted = hooked.registry.deleteModel("tombstoned", "alice");

        assertThat(deleted).extracting(ModelVersion::version).containsExactly(1L, 2L);
        assertThat(refused.get()).isInstanceOfSatisfying(RegistryException.class, e -> {
            assertThat(e.reason()).isEqualTo(RegistryException.Reason.CONFLICT);
            assertThat(e.getMessage()).contains("model 'tombstoned' is being deleted");
        });
        // readers do not see the versions of a model being deleted as live
        assertThat(readDuringDelete.get()).isInstanceOfSatisfying(RegistryException.class, e -> assertThat(e.reason())
                .isEqualTo(RegistryException.Reason.CONFLICT));
        assertThat(listedDuringDelete.get()).extracting(RegisteredModel::name).doesNotContain("tombstoned");
        assertThat(documentsOf("tombstoned")).isEmpty();
    }

    @Test
    void deleteInterruptedAfterTheTombstoneShouldBeFinishedByASecondDelete() {
        hooked.registry.createModel(new NewModel("half-deleted", "", "", Map.of()), "alice");
        hooked.registry.createVersion("half-deleted", NewVersion.ofArtifact(null, "r1"), "alice");
        hooked.registry.createVersion("half-deleted", NewVersion.ofArtifact(null, "r2"), "alice");
        before.put("delete " + path("half-deleted.2.model-version"), () -> {
            throw new IllegalStateException("connection lost (test)");
        });

        assertThatThrownBy(() -> hooked.registry.deleteModel("half-deleted", "alice"))
                .isInstanceOfSatisfying(RegistryException.class, e -> assertThat(e.reason())
                        .isEqualTo(RegistryException.Reason.UNAVAILABLE));

        // left half-way: the tombstone and version 2; every node refuses writes and hides the model
        assertThat(documentsOf("half-deleted"))
                .containsExactlyInAnyOrder("half-deleted.model", "half-deleted.2.model-version");
        assertThat(other.store.loadModel("half-deleted")).isEmpty();
        assertThatThrownBy(() -> other.registry.createVersion("half-deleted", NewVersion.ofArtifact(null, "r3"), "bob"))
                .isInstanceOfSatisfying(RegistryException.class, e -> assertThat(e.getMessage())
                        .contains("model 'half-deleted' is being deleted"));
        assertThatThrownBy(() -> other.registry.createModel(new NewModel("half-deleted", "", "", Map.of()), "bob"))
                .isInstanceOfSatisfying(RegistryException.class, e -> assertThat(e.reason())
                        .isEqualTo(RegistryException.Reason.CONFLICT));

        List<ModelVersion> finished = other.registry.deleteModel("half-deleted", "bob");

        assertThat(finished).extracting(ModelVersion::version).containsExactly(2L);
        assertThat(documentsOf("half-deleted")).isEmpty();
        RegisteredModel again = other.registry.createModel(new NewModel("half-deleted", "", "", Map.of()), "bob");
        assertThat(again.lastVersion()).isZero();
    }

    private static String path(String key) {
        return GROUP_PATH + "/" + key;
    }

    /** The registry documents of {@code model} in ZooKeeper (model, versions), read past every cache. */
    private static List<String> documentsOf(String model) {
        ZookeeperClient client = raw.get();
        assertThat(client).isNotNull();
        return client.getChildren(GROUP_PATH).stream()
                .filter(child -> child.startsWith(model + "."))
                .toList();
    }

    /** Runs the step registered in {@link #before} for a call's method and path, once, then makes the call. */
    private static ZookeeperClient hook(ZookeeperClient real) {
        raw.set(real);
        return (ZookeeperClient) Proxy.newProxyInstance(
                ZookeeperClient.class.getClassLoader(),
                new Class<?>[] {ZookeeperClient.class},
                (proxy, method, args) -> {
                    if (args != null && args.length > 0 && args[0] instanceof String path) {
                        Runnable step = before.remove(method.getName() + " " + path);
                        if (step != null) {
                            step.run();
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
