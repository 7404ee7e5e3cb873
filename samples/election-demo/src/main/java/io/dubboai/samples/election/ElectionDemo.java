package io.dubboai.samples.election;

import io.dubboai.core.component.BackoffConfig;
import io.dubboai.core.component.ComponentManager;
import io.dubboai.core.component.ComponentState;
import io.dubboai.core.election.ElectionSettings;
import io.dubboai.core.election.ElectionType;
import io.dubboai.core.election.LeaderElections;
import io.dubboai.core.election.ZooKeeperElectionSettings;
import io.dubboai.core.zookeeper.EmbeddedZooKeeper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts an embedded ZooKeeper and three nodes, each a {@link ComponentManager} with a component that runs everywhere
 * and a leader component; then crashes the leader (cuts its network, as a dead process or a partition would), lets a
 * second node take over once ZooKeeper ends the crashed node's session, shuts that one down cleanly (immediate
 * hand-over to the third) and exits. Takes about 15 seconds.
 */
public final class ElectionDemo {

    private static final Logger log = LoggerFactory.getLogger(ElectionDemo.class);
    private static final Duration SESSION_TIMEOUT = Duration.ofSeconds(3);
    private static final long STEP_TIMEOUT_MILLIS = 20_000;

    private ElectionDemo() {}

    private record Node(String id, TcpProxy network, ComponentManager manager) {
        boolean runsReconciler() {
            return manager.status("model-reconciler")
                    .map(s -> s.state() == ComponentState.RUNNING)
                    .orElse(false);
        }
    }

    /** Runs the demo; exits 0 when every hand-over happened, 1 otherwise. */
    public static void main(String[] args) throws Exception {
        int exitCode = 1;
        Path dataDir = Files.createTempDirectory("election-demo-zk");
        List<Node> nodes = new ArrayList<>();
        try (EmbeddedZooKeeper zooKeeper = EmbeddedZooKeeper.start(dataDir, 0)) {
            exitCode = run(zooKeeper, nodes);
        }
        System.exit(exitCode);
    }

    private static int run(EmbeddedZooKeeper zooKeeper, List<Node> nodes) throws Exception {
        int exitCode = 1;
        try {
            log.info("=== 1. Three nodes join the leader election on ZooKeeper {}", zooKeeper.connectString());
            for (String id : List.of("node-1", "node-2", "node-3")) {
                // each node reaches ZooKeeper through its own relay, so the demo can cut one node's network
                TcpProxy network = TcpProxy.start(zooKeeper.port());
                ElectionSettings election = new ElectionSettings(
                        ElectionType.ZOOKEEPER,
                        id,
                        new ZooKeeperElectionSettings(
                                "127.0.0.1:" + network.port(),
                                ZooKeeperElectionSettings.DEFAULT_PATH,
                                SESSION_TIMEOUT,
                                Duration.ofSeconds(2)),
                        null);
                ComponentManager manager = ComponentManager.create(
                        List.of(new CatalogComponent(), new ReconcilerComponent(id)),
                        LeaderElections.create(election),
                        BackoffConfig.DEFAULTS);
                nodes.add(new Node(id, network, manager));
                manager.start().get(10, TimeUnit.SECONDS);
            }
            Node first = awaitLeader(nodes, List.of());
            Thread.sleep(1200); // let the first leader log a few reconcile passes
            printStatus(nodes);

            log.info(
                    "=== 2. {} crashes: its network is cut. It stops its reconciler at once; ZooKeeper ends its"
                            + " session after {} s, then another node takes over",
                    first.id(),
                    SESSION_TIMEOUT.toSeconds());
            first.network().cut();
            Node second = awaitLeader(nodes, List.of(first));
            Thread.sleep(1200);

            log.info("=== 3. {} shuts down cleanly: it stops its reconciler and hands over at once", second.id());
            second.manager().close();
            Node third = awaitLeader(nodes, List.of(first, second));
            Thread.sleep(1200);
            printStatus(nodes);
            log.info(
                    "=== Done: leadership went {} -> {} -> {}, each leader stopping its reconciler before the next started it",
                    first.id(),
                    second.id(),
                    third.id());
            exitCode = 0;
        } catch (IllegalStateException e) {
            log.error("Demo failed: {}", e.getMessage());
        } finally {
            // leave the election while ZooKeeper still runs
            for (Node node : nodes) {
                node.manager().close();
                node.network().close();
            }
        }
        return exitCode;
    }

    private static Node awaitLeader(List<Node> nodes, List<Node> excluded) throws InterruptedException {
        long deadline = System.currentTimeMillis() + STEP_TIMEOUT_MILLIS;
        while (System.currentTimeMillis() < deadline) {
            Optional<Node> leader = nodes.stream()
                    .filter(node -> !excluded.contains(node))
                    .filter(Node::runsReconciler)
                    .findFirst();
            if (leader.isPresent()) {
                log.info("=== {} leads and runs the reconciler", leader.get().id());
                return leader.get();
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("no node took over within " + STEP_TIMEOUT_MILLIS + " ms");
    }

    private static void printStatus(List<Node> nodes) {
        for (Node node : nodes) {
            log.info(
                    "    {}: leader={}, sees leader {}, components {}",
                    node.id(),
                    node.manager().isLeader(),
                    node.manager().currentLeader().orElse("(none)"),
                    node.manager().status().stream()
                            .map(status -> status.name() + "=" + status.state())
                            .toList());
        }
    }
}
