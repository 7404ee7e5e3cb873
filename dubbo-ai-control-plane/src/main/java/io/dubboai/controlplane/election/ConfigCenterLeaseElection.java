package io.dubboai.controlplane.election;

import io.dubboai.controlplane.store.ConfigCenterDocumentStore;
import io.dubboai.controlplane.store.Document;
import io.dubboai.controlplane.store.DocumentStore;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leader election on a lease document in the Dubbo config center, for deployments whose only shared service is Nacos
 * (it works on ZooKeeper too). The algorithm is the one of Kubernetes' Lease election (client-go, fabric8):
 *
 * <ul>
 *   <li>The lease is one document ({@link LeaseRecord}): holder, a renewal counter, the lease duration. Every write
 *       is a compare-and-set on the ticket just read, so of two nodes taking or renewing the lease one wins.</li>
 *   <li>Every {@code retryPeriod} (jittered by up to 20%) a node reads the lease. The holder renews it (the counter
 *       goes up, so the document changes). Another node remembers, by its own monotonic clock, when it last saw the
 *       document change, and takes the lease only when it has not changed for {@code leaseDuration}, or when it is
 *       free. No wall clocks are compared across nodes.</li>
 *   <li>A leader that has not renewed for {@code renewDeadline} (shorter than the lease duration) gives up and hears
 *       {@link LeadershipListener#leadershipLost()} first, so its leader-only work stops before another node can take
 *       the lease: the others wait a whole lease duration from the last change they saw, which is no earlier than the
 *       leader's last successful renewal.</li>
 *   <li>Stale reads (Nacos serves reads from a cache for a moment after a write) only delay a takeover or a renewal:
 *       a write based on a stale read loses its compare-and-set.</li>
 * </ul>
 *
 * <p>Threading: one scheduler thread per election runs every step and calls the listener, so listener calls are never
 * concurrent. {@link #close()} releases the lease (after {@code leadershipLost}) so another node takes over at once.
 */
public final class ConfigCenterLeaseElection implements LeaderElection {

    private static final Logger log = LoggerFactory.getLogger(ConfigCenterLeaseElection.class);
    private static final double JITTER = 0.2;

    private final String identity;
    private final LeaseElectionSettings settings;
    private final DocumentStore store;
    private final boolean ownsStore;
    private final LongSupplier nanoTime;
    private final ScheduledExecutorService scheduler;
    private final AtomicReference<@Nullable LeadershipListener> listener = new AtomicReference<>();

    // state below is touched by the scheduler thread only (and read through the volatile fields)
    private volatile boolean leader;
    private volatile @Nullable String observedHolder;
    private @Nullable String observedContent;
    private long observedAtNanos;
    private long lastRenewNanos;
    private volatile boolean closed;

    /**
     * An election on {@code store} (not started).
     *
     * @param identity this node's unique name; no line breaks
     * @param settings lease settings (their address is not used: the store is given)
     * @param store where the lease document lives; closed by {@link #close()} only if {@code ownsStore}
     * @param ownsStore whether {@link #close()} closes {@code store}
     * @param nanoTime a monotonic clock in nanoseconds, {@code System::nanoTime} outside tests
     */
    public ConfigCenterLeaseElection(
            String identity,
            LeaseElectionSettings settings,
            DocumentStore store,
            boolean ownsStore,
            LongSupplier nanoTime) {
        if (identity == null || identity.isBlank() || identity.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException(
                    "identity of the lease election must be non-blank text without line breaks, but was '" + identity
                            + "'");
        }
        this.identity = identity;
        this.settings = Objects.requireNonNull(settings, "settings");
        this.store = Objects.requireNonNull(store, "store");
        this.ownsStore = ownsStore;
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
        this.scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "dubbo-ai-election-lease-" + identity);
            thread.setDaemon(true);
            return thread;
        });
    }

    /** An election on the config center of {@code settings}, with a connection of its own. */
    public static ConfigCenterLeaseElection create(String identity, LeaseElectionSettings settings) {
        DocumentStore store = ConfigCenterDocumentStore.open(settings.address(), settings.group());
        return new ConfigCenterLeaseElection(identity, settings, store, true, System::nanoTime);
    }

    @Override
    public String identity() {
        return identity;
    }

    @Override
    public void start(LeadershipListener listener) {
        Objects.requireNonNull(listener, "listener");
        if (!this.listener.compareAndSet(null, listener)) {
            throw new IllegalStateException("The lease election of '" + identity
                    + "' was already started; a LeaderElection may be started once");
        }
        log.info(
                "Joining the lease election '{}' on {} as '{}' (lease {}, renew deadline {}, retry {})",
                settings.leaseName(),
                store.describe(),
                identity,
                settings.leaseDuration(),
                settings.renewDeadline(),
                settings.retryPeriod());
        scheduler.execute(this::step);
    }

    @Override
    public boolean isLeader() {
        return leader;
    }

    @Override
    public Optional<String> currentLeader() {
        return leader ? Optional.of(identity) : Optional.ofNullable(observedHolder);
    }

    /** One round: read, then renew, take or watch; schedules the next round. */
    private void step() {
        if (closed) {
            return;
        }
        try {
            round();
        } catch (RuntimeException e) {
            log.warn("Lease election '{}' on {}: {}", settings.leaseName(), store.describe(), e.toString());
        }
        if (leader
                && nanoTime.getAsLong() - lastRenewNanos
                        > settings.renewDeadline().toNanos()) {
            log.warn(
                    "'{}' could not renew the lease '{}' on {} within {}; giving up leadership",
                    identity,
                    settings.leaseName(),
                    store.describe(),
                    settings.renewDeadline());
            lose();
        }
        if (!closed) {
            long period = settings.retryPeriod().toNanos();
            long delay = period + (long) (ThreadLocalRandom.current().nextDouble(JITTER) * period);
            scheduler.schedule(this::step, delay, TimeUnit.NANOSECONDS);
        }
    }

    private void round() {
        long now = nanoTime.getAsLong();
        Optional<Document> current = store.read(settings.leaseName());
        if (current.isEmpty()) {
            if (store.create(settings.leaseName(), new LeaseRecord(identity, 0, 0, millis()).encode())) {
                gain(now, 0);
            }
            return;
        }
        Document document = current.get();
        LeaseRecord record = LeaseRecord.decode(document.content());
        if (!document.content().equals(observedContent)) {
            observedContent = document.content();
            observedAtNanos = now;
        }
        observedHolder = record.holder().isEmpty() ? null : record.holder();
        if (record.holder().equals(identity)) {
            LeaseRecord renewed = new LeaseRecord(identity, record.transitions(), record.renewals() + 1, millis());
            if (store.replace(settings.leaseName(), renewed.encode(), document.ticket())) {
                if (leader) {
                    lastRenewNanos = now;
                } else {
                    // this node held the lease before (a restart under the same identity): it leads again
                    gain(now, record.transitions());
                }
            }
            return;
        }
        boolean free = record.holder().isEmpty();
        boolean expired = now - observedAtNanos > settings.leaseDuration().toNanos();
        if (leader) {
            // another node took the lease: this node's renewals failed for longer than it noticed
            log.warn(
                    "'{}' finds the lease '{}' held by '{}'; giving up leadership",
                    identity,
                    settings.leaseName(),
                    record.holder());
            lose();
            return;
        }
        if (free || expired) {
            LeaseRecord taken = new LeaseRecord(identity, record.transitions() + 1, 0, millis());
            if (store.replace(settings.leaseName(), taken.encode(), document.ticket())) {
                if (expired && !free) {
                    log.info(
                            "'{}' takes the lease '{}' from '{}', unrenewed for {}",
                            identity,
                            settings.leaseName(),
                            record.holder(),
                            settings.leaseDuration());
                }
                gain(now, taken.transitions());
            }
        }
    }

    private long millis() {
        return settings.leaseDuration().toMillis();
    }

    private void gain(long now, long transitions) {
        lastRenewNanos = now;
        leader = true;
        observedHolder = identity;
        log.info(
                "'{}' leads (lease '{}' on {}, transition {})",
                identity,
                settings.leaseName(),
                store.describe(),
                transitions);
        LeadershipListener current = listener.get();
        if (current != null) {
            current.leadershipGained();
        }
    }

    private void lose() {
        if (!leader) {
            return;
        }
        leader = false;
        observedHolder = null;
        LeadershipListener current = listener.get();
        if (current != null) {
            current.leadershipLost();
        }
    }

    /** Stops leader work (listener first), then frees the lease so another node takes over at once. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        try {
            scheduler
                    .submit(() -> {
                        closed = true;
                        boolean wasLeader = leader;
                        lose();
                        if (wasLeader) {
                            release();
                        }
                    })
                    .get(settings.renewDeadline().toMillis() + 5_000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            log.warn("Closing the lease election of '{}' did not finish cleanly: {}", identity, e.toString());
        } finally {
            closed = true;
            scheduler.shutdownNow();
            if (ownsStore) {
                store.close();
            }
        }
    }

    private void release() {
        try {
            Optional<Document> current = store.read(settings.leaseName());
            if (current.isPresent()) {
                LeaseRecord record = LeaseRecord.decode(current.get().content());
                if (record.holder().equals(identity)) {
                    LeaseRecord free = new LeaseRecord("", record.transitions(), record.renewals() + 1, millis());
                    store.replace(
                            settings.leaseName(), free.encode(), current.get().ticket());
                }
            }
        } catch (RuntimeException e) {
            log.warn(
                    "'{}' could not release the lease '{}'; another node takes it after {}: {}",
                    identity,
                    settings.leaseName(),
                    settings.leaseDuration(),
                    e.toString());
        }
    }

    @Override
    public String toString() {
        return "ConfigCenterLeaseElection[" + identity + " on " + store.describe() + "]";
    }

    /**
     * The lease document, as {@code key=value} lines (readable in the Nacos console).
     *
     * @param holder the leader's identity; empty when the lease is free
     * @param transitions how many times the lease changed hands
     * @param renewals renewals by the current holder; makes every renewal a change
     * @param leaseDurationMillis the holder's lease duration, for people reading the document
     */
    record LeaseRecord(String holder, long transitions, long renewals, long leaseDurationMillis) {

        String encode() {
            return "holder=" + holder + "\ntransitions=" + transitions + "\nrenewals=" + renewals
                    + "\nlease-duration-ms=" + leaseDurationMillis + "\n";
        }

        /** Parses a lease document; anything unreadable counts as a free lease, so a node can repair it. */
        static LeaseRecord decode(String content) {
            Map<String, String> fields = new LinkedHashMap<>();
            for (String line : content.split("\n")) {
                int eq = line.indexOf('=');
                if (eq > 0) {
                    fields.put(
                            line.substring(0, eq).trim(), line.substring(eq + 1).trim());
                }
            }
            try {
                return new LeaseRecord(
                        fields.getOrDefault("holder", ""),
                        Long.parseLong(fields.getOrDefault("transitions", "0")),
                        Long.parseLong(fields.getOrDefault("renewals", "0")),
                        Long.parseLong(fields.getOrDefault("lease-duration-ms", "0")));
            } catch (NumberFormatException e) {
                return new LeaseRecord("", 0, 0, 0);
            }
        }
    }
}
