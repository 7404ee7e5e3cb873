package io.dubboai.controlplane.election;

import java.io.IOException;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.recipes.leader.LeaderLatch;
import org.apache.curator.framework.recipes.leader.LeaderLatchListener;
import org.apache.curator.framework.recipes.leader.Participant;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leader election on ZooKeeper with a Curator {@link LeaderLatch}: each node holds an ephemeral sequential znode under
 * the configured path; the lowest leads.
 *
 * <p>Design: leadership is given up as soon as the connection is {@code SUSPENDED} (or {@code LOST}), not when the
 * session expires. ZooKeeper deletes the leader's znode only when the server expires the session, a full session
 * timeout after it last heard from the client, so a node that loses its connection stops its leader components while
 * its znode still blocks the others. On {@code RECONNECTED} the latch re-queues and leadership may come back. Curator's
 * events are funnelled through one thread, so the listener is never called concurrently, and it may block (the
 * {@code ComponentManager} does, until its leader components stopped).
 */
final class ZooKeeperLeaderElection implements LeaderElection {

    private static final Logger log = LoggerFactory.getLogger(ZooKeeperLeaderElection.class);
    private static final long CLOSE_TIMEOUT_SECONDS = 35;

    private final String identity;
    private final ZooKeeperElectionSettings settings;
    private final AtomicBoolean leader = new AtomicBoolean();
    private final AtomicReference<State> state = new AtomicReference<>(State.NEW);
    private final ExecutorService events;
    private volatile @Nullable LeadershipListener listener;
    private volatile @Nullable CuratorFramework client;
    private volatile @Nullable LeaderLatch latch;

    private enum State {
        NEW,
        STARTED,
        CLOSED
    }

    private ZooKeeperLeaderElection(String identity, ZooKeeperElectionSettings settings) {
        this.identity = identity;
        this.settings = settings;
        this.events = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "dubbo-ai-election-zk-" + identity);
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Creates an election for {@code identity}; it connects on {@link #start}. */
    static LeaderElection create(String identity, ZooKeeperElectionSettings settings) {
        return new ZooKeeperLeaderElection(identity, Objects.requireNonNull(settings, "settings"));
    }

    @Override
    public String identity() {
        return identity;
    }

    @Override
    public void start(LeadershipListener listener) {
        Objects.requireNonNull(listener, "listener");
        if (!state.compareAndSet(State.NEW, State.STARTED)) {
            throw new IllegalStateException("The ZooKeeper election of '" + identity + "' was already started or"
                    + " closed; a LeaderElection may be started once");
        }
        this.listener = listener;
        CuratorFramework curator = CuratorFrameworkFactory.builder()
                .connectString(settings.connectString())
                .sessionTimeoutMs(Math.toIntExact(settings.sessionTimeout().toMillis()))
                .connectionTimeoutMs(
                        Math.toIntExact(settings.connectionTimeout().toMillis()))
                .retryPolicy(new ExponentialBackoffRetry(200, 10, 2000))
                .build();
        curator.getConnectionStateListenable().addListener((ignored, newState) -> onConnectionState(newState), events);
        LeaderLatch leaderLatch = new LeaderLatch(curator, settings.path(), identity);
        leaderLatch.addListener(
                new LeaderLatchListener() {
                    @Override
                    public void isLeader() {
                        gain();
                    }

                    @Override
                    public void notLeader() {
                        lose(
                                "Curator's leader latch revoked it (connection suspended or lost, or the latch was reset)");
                    }
                },
                events);
        this.client = curator;
        this.latch = leaderLatch;
        curator.start();
        try {
            leaderLatch.start();
        } catch (Exception e) {
            throw new IllegalStateException(
                    "Could not join the ZooKeeper election at " + settings.connectString() + settings.path(), e);
        }
        log.info(
                "'{}' joined the ZooKeeper election at {}{} (session timeout {})",
                identity,
                settings.connectString(),
                settings.path(),
                settings.sessionTimeout());
    }

    private void onConnectionState(ConnectionState newState) {
        if (!newState.isConnected()) {
            lose("the ZooKeeper connection is " + newState);
        }
    }

    private void gain() {
        LeaderLatch current = latch;
        if (state.get() != State.STARTED || current == null || !current.hasLeadership()) {
            return;
        }
        if (leader.compareAndSet(false, true)) {
            log.info("'{}' is the leader at {}{}", identity, settings.connectString(), settings.path());
            LeadershipListener target = listener;
            if (target != null) {
                notify(target::leadershipGained);
            }
        }
    }

    private void lose(String reason) {
        if (leader.compareAndSet(true, false)) {
            log.warn("'{}' gives up leadership: {}", identity, reason);
            LeadershipListener target = listener;
            if (target != null) {
                notify(target::leadershipLost);
            }
        }
    }

    private void notify(Runnable callback) {
        try {
            callback.run();
        } catch (RuntimeException e) {
            log.error("The leadership listener of '{}' failed", identity, e);
        }
    }

    @Override
    public boolean isLeader() {
        return leader.get();
    }

    /**
     * This node if it leads; otherwise asks ZooKeeper for the participant that leads. Empty if there is none, or at
     * once if this node is not connected (a status call must not wait for Curator's connection retries).
     */
    @Override
    public Optional<String> currentLeader() {
        if (leader.get()) {
            return Optional.of(identity);
        }
        LeaderLatch current = latch;
        CuratorFramework curator = client;
        if (state.get() != State.STARTED
                || current == null
                || curator == null
                || !curator.getZookeeperClient().isConnected()) {
            return Optional.empty();
        }
        try {
            Participant participant = current.getLeader();
            return participant.isLeader() ? Optional.of(participant.getId()) : Optional.empty();
        } catch (Exception e) {
            log.debug("Could not read the leader at {}", settings.path(), e);
            return Optional.empty();
        }
    }

    /** Tells the listener of the loss (and waits for it), then deletes this node's znode and disconnects. */
    @Override
    public void close() {
        if (state.getAndSet(State.CLOSED) != State.STARTED) {
            events.shutdown();
            return;
        }
        try {
            events.submit(() -> lose("the election is closing")).get(CLOSE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            log.warn("The leadership listener of '{}' did not finish in time while closing", identity, e);
        }
        LeaderLatch current = latch;
        if (current != null) {
            try {
                current.close();
            } catch (IOException | IllegalStateException e) {
                log.debug("Closing the leader latch of '{}' failed", identity, e);
            }
        }
        CuratorFramework curator = client;
        if (curator != null) {
            curator.close();
        }
        events.shutdown();
        log.info("'{}' left the ZooKeeper election", identity);
    }

    @Override
    public String toString() {
        return "ZooKeeperLeaderElection[" + identity + " at " + settings.connectString() + settings.path() + "]";
    }
}
