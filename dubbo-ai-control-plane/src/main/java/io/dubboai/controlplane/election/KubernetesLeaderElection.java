package io.dubboai.controlplane.election;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfig;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaderElectionRecord;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.Lock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leader election on a Kubernetes {@code coordination.k8s.io/v1} Lease with fabric8's {@code LeaderElector}.
 *
 * <p>Design:
 *
 * <ul>
 *   <li><b>Rounds.</b> A fabric8 elector is single use: once it stops leading it is done. This class runs one elector
 *       per <em>round</em> and starts a new round a retry period after one ends, so a node that lost the Lease
 *       competes again. Callbacks carry their round; those of a finished round are ignored.
 *   <li><b>Hand-off.</b> fabric8 calls its callbacks inside its synchronized acquire/renew step; they are handed to
 *       this election's own thread, which also calls the listener (never concurrently, and the listener may block).
 *   <li><b>Renew watchdog.</b> fabric8 checks its renew deadline only between two attempts, one attempt may hang in
 *       HTTP calls far longer than the deadline, and it counts the deadline from the end of the last successful
 *       attempt, while the others count the lease from the renew time written into the Lease, taken at its start.
 *       The Lock is wrapped to record the renew time of every successful write, and a watchdog gives leadership up
 *       once {@code renewDeadline} has passed since then. Because {@code renewDeadline < leaseDuration}, that happens
 *       before another node may take the Lease.
 *   <li><b>Release.</b> On {@link #close()} the listener hears of the loss first (and the manager stops its leader
 *       components), then the elector is cancelled, which releases the Lease so a successor need not wait for it to
 *       expire.
 * </ul>
 */
public final class KubernetesLeaderElection implements LeaderElection {

    private static final Logger log = LoggerFactory.getLogger(KubernetesLeaderElection.class);
    private static final long CLOSE_TIMEOUT_SECONDS = 35;

    private final KubernetesClient client;
    private final boolean ownsClient;
    private final String identity;
    private final KubernetesElectionSettings settings;
    private final String namespace;
    private final ScheduledExecutorService events;
    private final AtomicBoolean leader = new AtomicBoolean();
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicReference<@Nullable Round> round = new AtomicReference<>();
    private volatile @Nullable LeadershipListener listener;
    private volatile @Nullable String observedLeader;
    private volatile long lastRenewNanos;

    private KubernetesLeaderElection(
            KubernetesClient client, boolean ownsClient, String identity, KubernetesElectionSettings settings) {
        this.client = Objects.requireNonNull(client, "client");
        this.ownsClient = ownsClient;
        this.identity = Objects.requireNonNull(identity, "identity");
        this.settings = Objects.requireNonNull(settings, "settings");
        String configured = settings.namespace();
        String clientNamespace = client.getNamespace();
        this.namespace = configured != null ? configured : clientNamespace != null ? clientNamespace : "default";
        this.events = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "dubbo-ai-election-k8s-" + identity);
            thread.setDaemon(true);
            return thread;
        });
    }

    /** An election with a client configured from the environment (in-cluster service account or kubeconfig). */
    static LeaderElection create(String identity, KubernetesElectionSettings settings) {
        return new KubernetesLeaderElection(new KubernetesClientBuilder().build(), true, identity, settings);
    }

    /**
     * An election over {@code client}, which stays the caller's to close.
     *
     * @param client the client to reach the API server with
     * @param identity this node's unique name; it becomes the Lease's holder identity
     * @param settings Lease name, namespace and timings
     */
    public static LeaderElection create(KubernetesClient client, String identity, KubernetesElectionSettings settings) {
        return new KubernetesLeaderElection(client, false, identity, settings);
    }

    @Override
    public String identity() {
        return identity;
    }

    @Override
    public void start(LeadershipListener listener) {
        Objects.requireNonNull(listener, "listener");
        if (closed.get() || !started.compareAndSet(false, true)) {
            throw new IllegalStateException("The Kubernetes election of '" + identity + "' was already started or"
                    + " closed; a LeaderElection may be started once");
        }
        this.listener = listener;
        long watchdogMillis = Math.max(10, Math.min(1000, settings.retryPeriod().toMillis() / 2));
        events.execute(this::startRound);
        events.scheduleWithFixedDelay(this::checkRenewDeadline, watchdogMillis, watchdogMillis, TimeUnit.MILLISECONDS);
        log.info(
                "'{}' joined the election on Lease {}/{} (lease {}, renew deadline {}, retry {})",
                identity,
                namespace,
                settings.leaseName(),
                settings.leaseDuration(),
                settings.renewDeadline(),
                settings.retryPeriod());
    }

    // ------------------------------------------------------------ on the events thread

    private void startRound() {
        if (closed.get()) {
            return;
        }
        Round next = new Round();
        LeaderElectionConfig config = new LeaderElectionConfigBuilder()
                .withName("dubbo-ai")
                .withLock(new RenewRecordingLock(new LeaseLock(namespace, settings.leaseName(), identity)))
                .withLeaseDuration(settings.leaseDuration())
                .withRenewDeadline(settings.renewDeadline())
                .withRetryPeriod(settings.retryPeriod())
                .withReleaseOnCancel(true)
                .withLeaderCallbacks(new LeaderCallbacks(
                        () -> handOff(() -> onStartedLeading(next)),
                        () -> handOff(() -> endRound(next, "the Lease was not renewed in time or was taken")),
                        newLeader -> observedLeader = newLeader))
                .build();
        round.set(next);
        next.future = client.leaderElector().withConfig(config).build().start();
        next.future.whenComplete((ignored, failure) -> handOff(() -> endRound(next, "the elector stopped")));
    }

    private void onStartedLeading(Round from) {
        if (round.get() != from || closed.get()) {
            return;
        }
        if (leader.compareAndSet(false, true)) {
            log.info("'{}' holds Lease {}/{} and leads", identity, namespace, settings.leaseName());
            LeadershipListener target = listener;
            if (target != null) {
                notify(target::leadershipGained);
            }
        }
    }

    private void endRound(Round ended, String reason) {
        if (!round.compareAndSet(ended, null)) {
            return;
        }
        lose(reason);
        CompletableFuture<?> future = ended.future;
        if (future != null) {
            future.cancel(true);
        }
        if (!closed.get()) {
            try {
                events.schedule(this::startRound, settings.retryPeriod().toMillis(), TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                log.debug("Election of '{}' is shutting down; no new round", identity);
            }
        }
    }

    private void checkRenewDeadline() {
        Round current = round.get();
        long sinceRenew = System.nanoTime() - lastRenewNanos;
        if (current != null
                && leader.get()
                && sinceRenew > settings.renewDeadline().toNanos()) {
            endRound(
                    current,
                    "no renewal of the Lease succeeded for "
                            + Duration.ofNanos(sinceRenew).toMillis()
                            + " ms (renew deadline " + settings.renewDeadline() + "); check the connection to the"
                            + " Kubernetes API server");
        }
    }

    private void lose(String reason) {
        if (leader.compareAndSet(true, false)) {
            log.warn("'{}' gives up leadership of Lease {}/{}: {}", identity, namespace, settings.leaseName(), reason);
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

    private void handOff(Runnable task) {
        try {
            events.execute(task);
        } catch (RejectedExecutionException e) {
            log.debug("Election of '{}' is closed; dropped a callback", identity);
        }
    }

    // ------------------------------------------------------------ status and close

    @Override
    public boolean isLeader() {
        return leader.get();
    }

    /** The holder of the Lease as last observed by this node. */
    @Override
    public Optional<String> currentLeader() {
        String current = observedLeader;
        return current == null || current.isEmpty() ? Optional.empty() : Optional.of(current);
    }

    /** Tells the listener of the loss (and waits for it), then releases the Lease. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (started.get()) {
            try {
                events.submit(() -> {
                            lose("the election is closing");
                            Round current = round.getAndSet(null);
                            CompletableFuture<?> future = current == null ? null : current.future;
                            if (future != null) {
                                future.cancel(true); // fabric8 releases the Lease when cancelled while leading
                            }
                        })
                        .get(CLOSE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                log.warn("Leaving the Kubernetes election of '{}' did not finish cleanly", identity, e);
            }
        }
        events.shutdownNow();
        if (ownsClient) {
            client.close();
        }
        log.info("'{}' left the election on Lease {}/{}", identity, namespace, settings.leaseName());
    }

    @Override
    public String toString() {
        return "KubernetesLeaderElection[" + identity + " on Lease " + namespace + "/" + settings.leaseName() + "]";
    }

    /** One fabric8 elector's run. */
    private static final class Round {
        volatile @Nullable CompletableFuture<?> future;
    }

    /** A Lock that notes when this node last wrote the Lease as its holder; everything else is delegated. */
    private final class RenewRecordingLock implements Lock {
        private final Lock delegate;

        RenewRecordingLock(Lock delegate) {
            this.delegate = delegate;
        }

        @Override
        public LeaderElectionRecord get(KubernetesClient kubernetesClient) {
            return delegate.get(kubernetesClient);
        }

        @Override
        public void create(KubernetesClient kubernetesClient, LeaderElectionRecord leaderElectionRecord) {
            delegate.create(kubernetesClient, leaderElectionRecord);
            recordRenewal(leaderElectionRecord);
        }

        @Override
        public void update(KubernetesClient kubernetesClient, LeaderElectionRecord leaderElectionRecord) {
            delegate.update(kubernetesClient, leaderElectionRecord);
            recordRenewal(leaderElectionRecord);
        }

        /**
         * Dates the renewal by the renew time written into the Lease, which is what the other nodes add the lease
         * duration to; fabric8 takes it before reading the Lease, so a slow read and write make it much earlier than
         * the moment the write returns.
         */
        private void recordRenewal(LeaderElectionRecord written) {
            if (identity.equals(written.getHolderIdentity())) {
                long age = Duration.between(written.getRenewTime(), ZonedDateTime.now(ZoneOffset.UTC))
                        .toNanos();
                lastRenewNanos = System.nanoTime() - Math.max(0, age);
            }
        }

        @Override
        public String identity() {
            return delegate.identity();
        }

        @Override
        public String describe() {
            return delegate.describe();
        }
    }
}
