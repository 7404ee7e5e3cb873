package io.dubboai.controlplane.election;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dubboai.controlplane.store.Document;
import io.dubboai.controlplane.store.DocumentStore;
import io.dubboai.controlplane.store.DocumentStoreException;
import io.dubboai.controlplane.testing.ForwardingDocumentStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the config-center lease election guarantees, on a real backend (each subclass supplies one): one leader at a
 * time, a fast hand-over on close, and on a lost connection the old leader stops before the new one starts.
 */
abstract class LeaseElectionContract {

    /** Short durations so the tests run in seconds; the same ratios as the defaults (15 s / 10 s / 2 s). */
    static final Duration LEASE = Duration.ofMillis(3000);

    static final Duration RENEW_DEADLINE = Duration.ofMillis(2000);
    static final Duration RETRY = Duration.ofMillis(400);

    private final List<ConfigCenterLeaseElection> elections = new ArrayList<>();
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final String leaseName = "lease-" + UUID.randomUUID().toString().substring(0, 8);

    /** A store on the backend, as one node would hold it. */
    protected abstract DocumentStore newStore();

    /** The config-center address the settings name (informational: the store is passed in). */
    protected abstract String address();

    @AfterEach
    void closeElections() {
        elections.forEach(ConfigCenterLeaseElection::close);
    }

    private ConfigCenterLeaseElection join(String identity, DocumentStore store) {
        LeaseElectionSettings settings =
                new LeaseElectionSettings(address(), "dubbo-ai-election", leaseName, LEASE, RENEW_DEADLINE, RETRY);
        ConfigCenterLeaseElection election =
                new ConfigCenterLeaseElection(identity, settings, store, true, System::nanoTime);
        elections.add(election);
        election.start(new LeadershipListener() {
            @Override
            public void leadershipGained() {
                events.add("gained " + identity);
            }

            @Override
            public void leadershipLost() {
                events.add("lost " + identity);
            }
        });
        return election;
    }

    private long leaders(ConfigCenterLeaseElection... all) {
        return java.util.Arrays.stream(all).filter(LeaderElection::isLeader).count();
    }

    @Test
    void twoNodesShouldElectExactlyOneLeaderAndAgreeOnIt() {
        ConfigCenterLeaseElection a = join("a", newStore());
        ConfigCenterLeaseElection b = join("b", newStore());
        await().atMost(Duration.ofSeconds(20)).until(() -> leaders(a, b) == 1);
        ConfigCenterLeaseElection leader = a.isLeader() ? a : b;
        ConfigCenterLeaseElection follower = leader == a ? b : a;
        // several renewals later there is still exactly one leader, and the follower names it
        await().atMost(Duration.ofSeconds(20))
                .until(() -> follower.currentLeader().equals(Optional.of(leader.identity())));
        await().during(LEASE.plus(RETRY))
                .atMost(LEASE.multipliedBy(3))
                .until(() -> leaders(a, b) == 1 && leader.isLeader());
        assertThat(events).containsExactly("gained " + leader.identity());
    }

    @Test
    void closingTheLeaderShouldHandOverBeforeTheLeaseExpires() {
        ConfigCenterLeaseElection a = join("a", newStore());
        await().atMost(Duration.ofSeconds(20)).until(a::isLeader);
        ConfigCenterLeaseElection b = join("b", newStore());
        a.close();
        // a released the lease on close (so b need not wait for it to expire): the document names no holder, or b
        try (DocumentStore reader = newStore()) {
            await().atMost(Duration.ofSeconds(10))
                    .until(
                            () -> ConfigCenterLeaseElection.LeaseRecord.decode(
                                            reader.read(leaseName).orElseThrow().content())
                                    .holder(),
                            holder -> !holder.equals("a"));
        }
        await().atMost(Duration.ofSeconds(20)).until(b::isLeader);
        assertThat(events).containsExactly("gained a", "lost a", "gained b");
    }

    @Test
    void aLeaderCutOffShouldStopBeforeTheOtherNodeTakesOver() {
        CuttableStore aStore = new CuttableStore(newStore());
        ConfigCenterLeaseElection a = join("a", aStore);
        await().atMost(Duration.ofSeconds(20)).until(a::isLeader);
        ConfigCenterLeaseElection b = join("b", newStore());
        await().atMost(Duration.ofSeconds(20)).until(() -> b.currentLeader().equals(Optional.of("a")));

        aStore.cut = true;
        await().atMost(Duration.ofSeconds(30)).until(b::isLeader);
        assertThat(a.isLeader()).isFalse();
        // a gave up (renew deadline) before b took the lease (a whole lease duration without change)
        assertThat(events).containsExactly("gained a", "lost a", "gained b");

        // a comes back: it sees b's lease and stays a follower
        aStore.cut = false;
        await().atMost(Duration.ofSeconds(20)).until(() -> a.currentLeader().equals(Optional.of("b")));
        assertThat(a.isLeader()).isFalse();
        assertThat(b.isLeader()).isTrue();
    }

    /** A store whose connection the test can cut: every read and write then fails as a lost connection would. */
    static final class CuttableStore extends ForwardingDocumentStore {
        volatile boolean cut;

        CuttableStore(DocumentStore delegate) {
            super(delegate);
        }

        private void check() {
            if (cut) {
                throw new DocumentStoreException("connection cut by the test");
            }
        }

        @Override
        public Optional<Document> read(String key) {
            check();
            return super.read(key);
        }

        @Override
        public boolean create(String key, String content) {
            check();
            return super.create(key, content);
        }

        @Override
        public boolean replace(String key, String content, Object ticket) {
            check();
            return super.replace(key, content, ticket);
        }

        @Override
        public void delete(String key) {
            check();
            super.delete(key);
        }
    }
}
