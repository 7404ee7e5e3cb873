package io.dubboai.abtest.bandit;

import static org.assertj.core.api.Assertions.assertThat;

import io.dubboai.abtest.MetricKind;
import io.dubboai.controlplane.store.ConfigCenterDocumentStore;
import io.dubboai.controlplane.store.DocumentStore;
import io.dubboai.controlplane.store.FileDocumentStore;
import io.dubboai.controlplane.testing.Concurrently;
import io.dubboai.controlplane.zookeeper.EmbeddedZooKeeper;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two updaters (control-plane replicas) record rewards and move weights at the same time through their own store
 * clients: nothing recorded is lost, and the weights stay valid.
 */
class BanditConcurrencyTest {

    private static final int BATCHES = 40;

    @TempDir
    Path temp;

    @Test
    void recordWhenTwoUpdatersOnFilesShouldLoseNothing() throws Exception {
        try (FileDocumentStore store = new FileDocumentStore(temp.resolve("docs"))) {
            // FileDocumentStore is exact within one process: both replicas share the instance
            assertNothingLost(store, store);
        }
    }

    @Test
    void recordWhenTwoUpdatersOnZooKeeperShouldLoseNothing() throws Exception {
        try (EmbeddedZooKeeper zooKeeper = EmbeddedZooKeeper.start(temp.resolve("zk"), 0);
                DocumentStore first = ConfigCenterDocumentStore.open(zooKeeper.dubboAddress(), "dubbo-ai-abtest");
                DocumentStore second = ConfigCenterDocumentStore.open(zooKeeper.dubboAddress(), "dubbo-ai-abtest")) {
            assertNothingLost(first, second);
        }
    }

    private static void assertNothingLost(DocumentStore first, DocumentStore second) throws Exception {
        BanditSettings settings = BanditSettings.defaults(Algorithm.THOMPSON_SAMPLING)
                .withMinUnitsPerArm(1)
                .withMinInterval(Duration.ZERO)
                .withMaxStepPercent(5);
        BanditService one = new BanditService(first, Clock.systemUTC());
        BanditService two = new BanditService(second, Clock.systemUTC());
        one.create(BanditState.initial("shared", MetricKind.CONVERSION, settings, List.of("1", "2")));

        List<Callable<Integer>> updaters = new ArrayList<>();
        for (BanditService service : List.of(one, two)) {
            updaters.add(() -> {
                int moves = 0;
                for (int i = 0; i < BATCHES; i++) {
                    service.record("shared", Map.of("1", Reward.conversions(10, 1), "2", Reward.conversions(10, 3)));
                    if (service.reweigh("shared").changed()) {
                        moves++;
                    }
                }
                return moves;
            });
        }
        List<Integer> moves = Concurrently.runTogether(updaters);

        BanditState end = two.find("shared").orElseThrow();
        assertThat(end.arms()).extracting(ArmStats::units).containsExactly(2L * BATCHES * 10, 2L * BATCHES * 10);
        assertThat(end.arms()).extracting(ArmStats::sum).containsExactly(2.0 * BATCHES, 6.0 * BATCHES);
        // every record and every move was one write: the revision counts them all
        assertThat(end.revision()).isEqualTo(2L * BATCHES + moves.get(0) + moves.get(1));
        assertThat(end.weights().values().stream().mapToInt(Integer::intValue).sum())
                .isEqualTo(100);
        assertThat(end.weights().get("2")).isGreaterThan(50);
    }
}
