package io.dubboai.controlplane.election;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dubboai.controlplane.component.BackoffConfig;
import io.dubboai.controlplane.component.ComponentManager;
import io.dubboai.controlplane.component.ComponentState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What every distributed {@link LeaderElection} backend must do under a {@link ComponentManager}, run against a real
 * server: exactly one node runs the leader components; when the leader is cut off from the server (its connection
 * dropped, or silently unanswered, as in a network partition) or shuts down, the other node takes over, and the old leader's components stop
 * before the new leader's start. Each node talks to the server through its own {@link TcpProxy}, so the test can cut
 * one node off. Subclasses supply the server and the election.
 *
 * <p>No assertion depends on timing: ordering is read from an {@link EventLog} that every component appends to.
 */
abstract class LeaderElectionFailoverKit {

    static final String READER = "reader";
    static final String LEADER_JOB = "leader-job";
    static final String LEADER_GC = "leader-gc";
    static final Duration FAILOVER_TIMEOUT = Duration.ofSeconds(30);

    /** Shared by every component of every node. */
    protected final EventLog log = new EventLog();
    /** Unique per test: the znode path or Lease name suffix, so tests do not see each other's elections. */
    protected final String electionName =
            "election-" + UUID.randomUUID().toString().substring(0, 8);

    private final List<Node> nodes = new ArrayList<>();

    /** The port of the real server the elections talk to. */
    protected abstract int serverPort();

    /** An election for {@code identity} that reaches the server at {@code 127.0.0.1:port}. */
    protected abstract LeaderElection newElection(String identity, int port);

    /** Releases what {@link #newElection} created beyond the election, after every node was closed. */
    protected void releaseResources() {}

    record Node(String id, TcpProxy proxy, ComponentManager manager) {
        ComponentState state(String component) {
            return manager.status(component).orElseThrow().state();
        }
    }

    Node startNode(String id) throws Exception {
        TcpProxy proxy = TcpProxy.start(serverPort());
        ComponentManager manager = ComponentManager.create(
                List.of(
                        new RecordingComponent(id, LEADER_GC, true, 20, log),
                        new RecordingComponent(id, READER, false, 0, log),
                        new RecordingComponent(id, LEADER_JOB, true, 10, log)),
                newElection(id, proxy.port()),
                BackoffConfig.DEFAULTS);
        nodes.add(new Node(id, proxy, manager));
        manager.start().get(10, TimeUnit.SECONDS);
        return nodes.get(nodes.size() - 1);
    }

    @AfterEach
    void closeNodes() {
        for (Node node : nodes) {
            node.manager().close();
            node.proxy().close();
        }
        releaseResources();
    }

    Node awaitSoleLeader() {
        await("exactly one node runs " + LEADER_JOB)
                .atMost(FAILOVER_TIMEOUT)
                .pollInterval(Duration.ofMillis(20))
                .until(() -> nodes.stream()
                                .filter(node -> node.state(LEADER_JOB) == ComponentState.RUNNING)
                                .count()
                        == 1);
        return nodes.stream()
                .filter(node -> node.state(LEADER_JOB) == ComponentState.RUNNING)
                .findFirst()
                .orElseThrow();
    }

    Node other(Node node) {
        return nodes.stream().filter(candidate -> candidate != node).findFirst().orElseThrow();
    }

    void awaitRunning(Node node, String component) {
        await(node.id() + " runs " + component)
                .atMost(FAILOVER_TIMEOUT)
                .pollInterval(Duration.ofMillis(20))
                .until(() -> node.state(component) == ComponentState.RUNNING);
    }

    @Test
    void twoNodesShouldRunLeaderComponentsOnExactlyOne() throws Exception {
        startNode("a");
        startNode("b");

        Node leader = awaitSoleLeader();
        Node follower = other(leader);

        await("the follower sees the leader")
                .atMost(FAILOVER_TIMEOUT)
                .until(() -> follower.manager().currentLeader().equals(Optional.of(leader.id())));
        assertThat(leader.manager().isLeader()).isTrue();
        assertThat(follower.manager().isLeader()).isFalse();
        assertThat(leader.state(LEADER_GC)).isEqualTo(ComponentState.RUNNING);
        assertThat(follower.state(LEADER_JOB)).isEqualTo(ComponentState.STOPPED);
        assertThat(follower.state(LEADER_GC)).isEqualTo(ComponentState.STOPPED);
        // components that need no leadership run everywhere
        assertThat(leader.state(READER)).isEqualTo(ComponentState.RUNNING);
        assertThat(follower.state(READER)).isEqualTo(ComponentState.RUNNING);
        // leader components start in ascending order, after the boot components
        assertThat(log.indexOf(leader.id() + " start " + READER, 1))
                .isLessThan(log.indexOf(leader.id() + " start " + LEADER_JOB, 1))
                .isLessThan(log.indexOf(leader.id() + " start " + LEADER_GC, 1));
        assertThat(log.maxConcurrentlyRunning(LEADER_JOB)).isEqualTo(1);
    }

    @Test
    void cuttingOffTheLeaderShouldStopItsLeaderComponentsBeforeTheOtherNodeStartsItsOwn() throws Exception {
        startNode("a");
        startNode("b");
        Node leader = awaitSoleLeader();
        Node follower = other(leader);

        leader.proxy().cut();
        awaitRunning(follower, LEADER_GC);

        int oldLeaderStopped = log.indexOf(leader.id() + " stop " + LEADER_JOB, 1);
        int newLeaderStarted = log.indexOf(follower.id() + " start " + LEADER_JOB, 1);
        assertThat(oldLeaderStopped)
                .as("the old leader stopped its job; log: %s", log.events())
                .isNotNegative();
        assertThat(oldLeaderStopped)
                .as("the old leader stopped before the new one started; log: %s", log.events())
                .isLessThan(newLeaderStarted);
        // stopped in reverse order
        assertThat(log.indexOf(leader.id() + " stop " + LEADER_GC, 1)).isLessThan(oldLeaderStopped);
        assertThat(leader.manager().isLeader()).isFalse();
        assertThat(leader.state(LEADER_JOB)).isEqualTo(ComponentState.STOPPED);
        assertThat(leader.state(READER)).isEqualTo(ComponentState.RUNNING);
        assertThat(log.maxConcurrentlyRunning(LEADER_JOB)).isEqualTo(1);

        // The old leader reconnects and queues up again; when the new leader shuts down, it leads once more.
        leader.proxy().restore();
        follower.manager().close();
        await("the old leader restarts its leader components")
                .atMost(FAILOVER_TIMEOUT)
                .until(() -> log.count(leader.id() + " start " + LEADER_JOB) == 2
                        && leader.state(LEADER_GC) == ComponentState.RUNNING);
        assertThat(log.indexOf(follower.id() + " stop " + LEADER_JOB, 1))
                .isLessThan(log.indexOf(leader.id() + " start " + LEADER_JOB, 2));
        assertThat(log.maxConcurrentlyRunning(LEADER_JOB)).isEqualTo(1);
    }

    @Test
    void leaderWhoseConnectionHangsShouldStopItsLeaderComponentsBeforeTheOtherNodeStartsItsOwn() throws Exception {
        startNode("a");
        startNode("b");
        Node leader = awaitSoleLeader();
        Node follower = other(leader);

        // a silent partition: nothing is closed, requests and pings just get no answer
        leader.proxy().blackhole();
        awaitRunning(follower, LEADER_JOB);

        assertThat(log.indexOf(leader.id() + " stop " + LEADER_JOB, 1))
                .as("the old leader stopped before the new one started; log: %s", log.events())
                .isNotNegative()
                .isLessThan(log.indexOf(follower.id() + " start " + LEADER_JOB, 1));
        assertThat(leader.manager().isLeader()).isFalse();
        assertThat(log.maxConcurrentlyRunning(LEADER_JOB)).isEqualTo(1);
    }

    @Test
    void closingTheLeaderShouldHandLeadershipOverAfterItStopped() throws Exception {
        startNode("a");
        startNode("b");
        Node leader = awaitSoleLeader();
        Node follower = other(leader);

        leader.manager().close();
        awaitRunning(follower, LEADER_JOB);

        assertThat(log.indexOf(leader.id() + " stop " + LEADER_JOB, 1))
                .as("log: %s", log.events())
                .isNotNegative()
                .isLessThan(log.indexOf(follower.id() + " start " + LEADER_JOB, 1));
        // a closed manager stops everything, in reverse order
        assertThat(log.indexOf(leader.id() + " stop " + LEADER_JOB, 1))
                .isLessThan(log.indexOf(leader.id() + " stop " + READER, 1));
        assertThat(log.maxConcurrentlyRunning(LEADER_JOB)).isEqualTo(1);
    }
}
