package io.dubboai.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dubboai.controlplane.testing.Concurrently;
import io.dubboai.controlplane.zookeeper.EmbeddedZooKeeper;
import io.dubboai.core.rule.RouteRuleCodec;
import io.dubboai.core.rule.RouteRules;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two registry nodes on one real config center, writing the same model at once: on ZooKeeper (embedded) here, on
 * Nacos in {@link NacosConcurrentWritesTest}.
 */
class ConcurrentWritesTest {

    private static final int THREADS_PER_NODE = 8;
    private static final int VERSIONS_PER_THREAD = 5;

    @TempDir
    static Path temp;

    static EmbeddedZooKeeper zooKeeper;
    static RegistryNode first;
    static RegistryNode second;

    @BeforeAll
    static void start() {
        zooKeeper = EmbeddedZooKeeper.start(temp.resolve("zk"), 0);
        first = new RegistryNode(zooKeeper.dubboAddress(), null, temp);
        // Dubbo's ZooKeeper client keeps one NodeCache per path in a static map: in one JVM only the configuration
        // that watched a path first is notified; the other node's index catches up through its resync.
        second = new RegistryNode("zookeeper://localhost:" + zooKeeper.port(), null, temp);
    }

    @AfterAll
    static void stop() {
        second.close();
        first.close();
        zooKeeper.close();
    }

    /** The first node (the subclass on another config center replaces the nodes). */
    RegistryNode first() {
        return first;
    }

    RegistryNode second() {
        return second;
    }

    @Test
    void concurrentVersionRegistrationOnTwoNodesShouldGiveUniqueContiguousVersions() throws Exception {
        first().registry.createModel(new NewModel(model("fraud"), "", "", Map.of()), "alice");
        List<Callable<List<Long>>> writers = new ArrayList<>();
        for (RegistryNode node : List.of(first(), second())) {
            for (int thread = 0; thread < THREADS_PER_NODE; thread++) {
                String runId = node == first() ? "a" + thread : "b" + thread;
                writers.add(() -> {
                    List<Long> mine = new ArrayList<>();
                    for (int i = 0; i < VERSIONS_PER_THREAD; i++) {
                        mine.add(node.registry
                                .createVersion(model("fraud"), NewVersion.ofArtifact(null, runId + "-" + i), runId)
                                .version());
                    }
                    return mine;
                });
            }
        }
        List<Long> allocated =
                Concurrently.runTogether(writers).stream().flatMap(List::stream).toList();

        int expected = 2 * THREADS_PER_NODE * VERSIONS_PER_THREAD;
        assertThat(allocated).doesNotHaveDuplicates().hasSize(expected);
        assertThat(allocated)
                .containsExactlyInAnyOrderElementsOf(
                        LongStream.rangeClosed(1, expected).boxed().toList());
        assertThat(first().store.loadModel(model("fraud")).orElseThrow().lastVersion())
                .isEqualTo(expected);
        // every version document holds the run that wrote it: none lost, none overwritten
        List<String> runs = LongStream.rangeClosed(1, expected)
                .mapToObj(n -> second().store
                        .findVersion(model("fraud"), n)
                        .orElseThrow()
                        .lineage()
                        .sourceRun())
                .toList();
        assertThat(runs).doesNotHaveDuplicates().hasSize(expected);
        // both indexes converge: through notifications, or, for the node that Dubbo's JVM-wide NodeCache map leaves
        // unnotified, through the periodic resync
        for (RegistryNode node : List.of(first(), second())) {
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(node.store.versions(model("fraud")))
                    .hasSize(expected));
        }
    }

    @Test
    void concurrentAliasMovesShouldEndConsistentWithTheRouteRule() throws Exception {
        first().registry.createModel(new NewModel(model("ranker"), "", "", Map.of()), "alice");
        for (int i = 0; i < 4; i++) {
            first().registry.createVersion(model("ranker"), NewVersion.ofArtifact(null, null), "alice");
        }
        List<Callable<Void>> movers = new ArrayList<>();
        for (int thread = 0; thread < 8; thread++) {
            RegistryNode node = thread % 2 == 0 ? first() : second();
            long version = thread % 4 + 1;
            movers.add(() -> {
                for (int i = 0; i < 5; i++) {
                    node.registry.setAlias(model("ranker"), "champion", (version + i) % 4 + 1, "bob");
                }
                return null;
            });
        }
        Concurrently.runTogether(movers);

        long inRegistry =
                first().store.loadModel(model("ranker")).orElseThrow().aliases().get("champion");
        String ruleText = first().configuration.getConfig(RouteRules.ruleKey(model("ranker")), RouteRules.GROUP);
        String inRule = RouteRuleCodec.parse(ruleText)
                .orElseThrow()
                .resolveAlias("champion")
                .orElseThrow();
        assertThat(inRule).isEqualTo(Long.toString(inRegistry));
        for (RegistryNode node : List.of(first(), second())) {
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(node.registry
                            .resolveAlias(model("ranker"), "champion")
                            .version())
                    .isEqualTo(inRegistry));
        }
    }

    @Test
    void everyAliasMoveShouldReachTheRouteRule() {
        // on Nacos a read right after a write may return the older model; a sync from it would write nothing
        String model = model("mover");
        first().registry.createModel(new NewModel(model, "", "", Map.of()), "alice");
        first().registry.createVersion(model, NewVersion.ofArtifact(null, null), "alice");
        first().registry.createVersion(model, NewVersion.ofArtifact(null, null), "alice");
        for (int move = 0; move < 6; move++) {
            long target = move % 2 + 1;
            first().registry.setAlias(model, "champion", target, "bob");
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(RouteRuleCodec.parse(
                                    first().configuration.getConfig(RouteRules.ruleKey(model), RouteRules.GROUP))
                            .orElseThrow()
                            .resolveAlias("champion"))
                    .hasValue(Long.toString(target)));
        }
    }

    /** The model name a test uses; subclasses sharing one server across runs make it unique. */
    String model(String name) {
        return name;
    }
}
