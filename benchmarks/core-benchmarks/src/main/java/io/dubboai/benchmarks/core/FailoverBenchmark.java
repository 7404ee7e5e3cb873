package io.dubboai.benchmarks.core;

import io.dubboai.controlplane.component.BackoffConfig;
import io.dubboai.controlplane.component.Component;
import io.dubboai.controlplane.component.ComponentManager;
import io.dubboai.controlplane.election.ElectionSettings;
import io.dubboai.controlplane.election.ElectionType;
import io.dubboai.controlplane.election.KubernetesElectionSettings;
import io.dubboai.controlplane.election.KubernetesLeaderElection;
import io.dubboai.controlplane.election.LeaderElection;
import io.dubboai.controlplane.election.LeaderElections;
import io.dubboai.controlplane.election.TcpProxy;
import io.dubboai.controlplane.election.ZooKeeperElectionSettings;
import io.dubboai.controlplane.zookeeper.EmbeddedZooKeeper;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Measures failover time: from the moment the leader is gone to the moment the new leader's leader component is
 * running ({@link Component#start()} called on the other node).
 *
 * <p>Three ways to lose the leader, each on ZooKeeper (the embedded server) and on a Kubernetes Lease (fabric8's mock
 * API server in CRUD mode):
 *
 * <ul>
 *   <li><b>crash</b>: the leader's network is cut (its TCP connections through a relay are dropped, as when the process
 *       dies). The other node can only take over once the server lets the old leadership lapse: the ZooKeeper session
 *       timeout, or the Lease duration since the last renewal.
 *   <li><b>partition</b>: the leader's connections stay open but nothing gets through (a silent network partition);
 *       the same wait, and the old leader must notice by timeouts alone.
 *   <li><b>shutdown</b>: the leader's manager is closed; it stops its components and releases leadership (deletes its
 *       znode, or empties the Lease), so the other node takes over at once.
 * </ul>
 *
 * <p>Usage: {@code java -jar core-benchmarks.jar [reps] [zkSessionTimeoutMs] [leaseMs renewMs retryMs]}; defaults
 * 5 repetitions, a 2000 ms session, and a 3000/2000/250 ms Lease, the settings of the tests (production defaults are
 * 15 s for both, which shifts the crash figures by the difference).
 */
public final class FailoverBenchmark {

    private static final String LEADER_COMPONENT = "leader-job";

    /** fabric8's mock server logs every request through java.util.logging; kept referenced so the level holds. */
    private static final java.util.logging.Logger MOCK_SERVER_LOG =
            java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

    private FailoverBenchmark() {}

    /** Runs every scenario and prints p50 and max per scenario. */
    public static void main(String[] args) throws Exception {
        // Dubbo pinned to loopback before its first local-address lookup; every server here listens on 127.0.0.1
        System.setProperty("dubbo.network.interface.ignored", ".*");
        MOCK_SERVER_LOG.setLevel(java.util.logging.Level.WARNING);
        int reps = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        Duration session = Duration.ofMillis(args.length > 1 ? Long.parseLong(args[1]) : 2000);
        KubernetesElectionSettings lease = new KubernetesElectionSettings(
                "bench",
                "lease",
                Duration.ofMillis(args.length > 2 ? Long.parseLong(args[2]) : 3000),
                Duration.ofMillis(args.length > 3 ? Long.parseLong(args[3]) : 2000),
                Duration.ofMillis(args.length > 4 ? Long.parseLong(args[4]) : 250));
        Map<String, List<Duration>> results = new LinkedHashMap<>();

        Path dataDir = Files.createTempDirectory("failover-benchmark-zk");
        try (EmbeddedZooKeeper zooKeeper = EmbeddedZooKeeper.start(dataDir, 0)) {
            ElectionFactory factory = (identity, port, name) -> LeaderElections.create(new ElectionSettings(
                    ElectionType.ZOOKEEPER,
                    identity,
                    new ZooKeeperElectionSettings(
                            "127.0.0.1:" + port, "/bench/" + name, session, Duration.ofSeconds(1)),
                    null));
            for (int rep = 0; rep < reps; rep++) {
                for (Loss loss : Loss.values()) {
                    results.computeIfAbsent("zookeeper " + scenario(loss), k -> new ArrayList<>())
                            .add(failover(zooKeeper.port(), factory, "zk-" + scenario(loss) + "-" + rep, loss));
                }
            }
        }

        KubernetesMockServer server = new KubernetesMockServer(
                new Context(), new MockWebServer(), new HashMap<>(), new KubernetesCrudDispatcher(), false);
        server.init(InetAddress.getLoopbackAddress(), 0);
        List<KubernetesClient> clients = new ArrayList<>();
        try {
            ElectionFactory factory = (identity, port, name) -> {
                KubernetesClient client = client(port);
                clients.add(client);
                return KubernetesLeaderElection.create(
                        client,
                        identity,
                        new KubernetesElectionSettings(
                                lease.namespace(),
                                name,
                                lease.leaseDuration(),
                                lease.renewDeadline(),
                                lease.retryPeriod()));
            };
            for (int rep = 0; rep < reps; rep++) {
                for (Loss loss : Loss.values()) {
                    results.computeIfAbsent("kubernetes " + scenario(loss), k -> new ArrayList<>())
                            .add(failover(server.getPort(), factory, "k8s-" + scenario(loss) + "-" + rep, loss));
                }
            }
        } finally {
            clients.forEach(KubernetesClient::close);
            server.destroy();
        }

        System.out.printf(
                Locale.ROOT,
                "%nzookeeper session %d ms; kubernetes lease %d / renew %d / retry %d ms%n",
                session.toMillis(),
                lease.leaseDuration().toMillis(),
                lease.renewDeadline().toMillis(),
                lease.retryPeriod().toMillis());
        System.out.printf(Locale.ROOT, "%-40s %5s %10s %10s%n", "scenario", "reps", "p50 ms", "max ms");
        results.forEach((scenario, durations) -> {
            List<Long> millis =
                    durations.stream().map(Duration::toMillis).sorted().toList();
            System.out.printf(
                    Locale.ROOT,
                    "%-40s %5d %10d %10d%n",
                    scenario,
                    millis.size(),
                    millis.get((millis.size() - 1) / 2),
                    millis.get(millis.size() - 1));
        });
    }

    private static String scenario(Loss loss) {
        return loss.name().toLowerCase(Locale.ROOT);
    }

    /** One election for {@code identity} reaching its server at 127.0.0.1:{@code port}, on election {@code name}. */
    private enum Loss {
        CRASH,
        PARTITION,
        SHUTDOWN
    }

    @FunctionalInterface
    private interface ElectionFactory {
        LeaderElection create(String identity, int port, String name);
    }

    private record Node(TcpProxy proxy, ComponentManager manager, TimedComponent component) {}

    private static Duration failover(int serverPort, ElectionFactory factory, String name, Loss loss) throws Exception {
        List<Node> nodes = new ArrayList<>();
        try {
            for (String identity : List.of("a", "b")) {
                TcpProxy proxy = TcpProxy.start(serverPort);
                TimedComponent component = new TimedComponent();
                ComponentManager manager = ComponentManager.create(
                        List.of(component), factory.create(identity, proxy.port(), name), BackoffConfig.DEFAULTS);
                nodes.add(new Node(proxy, manager, component));
                manager.start().get(10, TimeUnit.SECONDS);
            }
            Node leader = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (leader == null && System.nanoTime() < deadline) {
                for (Node node : nodes) {
                    if (node.component().started.getCount() == 0) {
                        leader = node;
                    }
                }
                Thread.sleep(5);
            }
            if (leader == null) {
                throw new IllegalStateException("no leader was elected within 60 s in " + name);
            }
            Node follower = nodes.get(0) == leader ? nodes.get(1) : nodes.get(0);
            long gone = System.nanoTime();
            switch (loss) {
                case CRASH -> leader.proxy().cut();
                case PARTITION -> leader.proxy().blackhole();
                case SHUTDOWN -> leader.manager().close();
            }
            if (!follower.component().started.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("no failover within 60 s in " + name);
            }
            return Duration.ofNanos(follower.component().startedAt - gone);
        } finally {
            for (Node node : nodes) {
                node.manager().close();
                node.proxy().close();
            }
        }
    }

    private static KubernetesClient client(int port) {
        return new KubernetesClientBuilder()
                .withConfig(new ConfigBuilder(Config.empty())
                        .withMasterUrl("http://127.0.0.1:" + port)
                        .withNamespace("bench")
                        .withRequestRetryBackoffLimit(0)
                        .withConnectionTimeout(1000)
                        .withRequestTimeout(2000)
                        .build())
                .build();
    }

    /** A leader component that notes when it first started. */
    private static final class TimedComponent implements Component {
        final CountDownLatch started = new CountDownLatch(1);
        volatile long startedAt;

        @Override
        public String name() {
            return LEADER_COMPONENT;
        }

        @Override
        public boolean needsLeadership() {
            return true;
        }

        @Override
        public void start() {
            if (started.getCount() > 0) {
                startedAt = System.nanoTime();
                started.countDown();
            }
        }

        @Override
        public void stop() {}
    }
}
