package io.dubboai.controlplane.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

import io.dubboai.controlplane.election.EventLog;
import io.dubboai.controlplane.election.RecordingComponent;
import io.dubboai.controlplane.election.SingleNodeElection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ComponentManagerTest {

    /** The status timestamps come from this fixed clock, so they can be asserted exactly. */
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
    private final EventLog log = new EventLog();

    @AfterEach
    void shutdownScheduler() {
        scheduler.shutdownNow();
    }

    private ComponentManager manager(List<? extends Component> components, ManualElection election, Duration backoff) {
        return new ComponentManager(
                components, election, scheduler, clock, new BackoffConfig(backoff, backoff.multipliedBy(8), 2.0, 0.0));
    }

    /** Fails its first {@code failures} starts, and records the status the manager showed at each attempt. */
    static final class FlakyComponent implements Component {
        final AtomicInteger attempts = new AtomicInteger();
        final List<ComponentStatus> statusAtAttempt = new CopyOnWriteArrayList<>();
        private final int failures;
        private final boolean needsLeadership;
        volatile ComponentManager manager;

        FlakyComponent(int failures, boolean needsLeadership) {
            this.failures = failures;
            this.needsLeadership = needsLeadership;
        }

        @Override
        public String name() {
            return "flaky";
        }

        @Override
        public boolean needsLeadership() {
            return needsLeadership;
        }

        @Override
        public void start() {
            statusAtAttempt.add(manager.status("flaky").orElseThrow());
            if (attempts.incrementAndGet() <= failures) {
                throw new IllegalStateException(
                        "database unreachable at nacos://nacos:s3cret@127.0.0.1:8848 (attempt " + attempts.get() + ")");
            }
        }

        @Override
        public void stop() {}
    }

    @Test
    void failingStartShouldBeRetriedWithExponentialBackoffUntilItRuns() throws Exception {
        FlakyComponent flaky = new FlakyComponent(2, false);
        ManualElection election = new ManualElection();
        try (ComponentManager manager = manager(List.of(flaky), election, Duration.ofMillis(20))) {
            flaky.manager = manager;
            manager.start().get(5, TimeUnit.SECONDS);

            await().atMost(Duration.ofSeconds(10))
                    .until(() -> manager.status("flaky").orElseThrow().state() == ComponentState.RUNNING);

            assertThat(flaky.attempts).hasValue(3);
            // What the status API showed while each retry ran: the failures so far, the last error, and the retry
            // time, whose delay doubles (20 ms, then 40 ms after the fixed clock's instant; no jitter configured).
            ComponentStatus secondAttempt = flaky.statusAtAttempt.get(1);
            assertThat(secondAttempt.state()).isEqualTo(ComponentState.STARTING);
            assertThat(secondAttempt.failures()).isEqualTo(1);
            // the status API is open to viewers: a password in the message is masked
            assertThat(secondAttempt.lastError())
                    .contains("database unreachable at nacos://nacos:***@127.0.0.1:8848 (attempt 1)")
                    .doesNotContain("s3cret");
            assertThat(secondAttempt.nextRetry()).isEqualTo(NOW.plusMillis(20));
            ComponentStatus thirdAttempt = flaky.statusAtAttempt.get(2);
            assertThat(thirdAttempt.failures()).isEqualTo(2);
            assertThat(thirdAttempt.lastError()).contains("(attempt 2)");
            assertThat(thirdAttempt.nextRetry()).isEqualTo(NOW.plusMillis(40));
            // once it runs, the failure is cleared
            ComponentStatus running = manager.status("flaky").orElseThrow();
            assertThat(running.failures()).isZero();
            assertThat(running.lastError()).isNull();
            assertThat(running.nextRetry()).isNull();
        }
    }

    @Test
    void failedComponentShouldShowItsErrorAndNextRetryInStatus() throws Exception {
        FlakyComponent flaky = new FlakyComponent(Integer.MAX_VALUE, false);
        try (ComponentManager manager = manager(List.of(flaky), new ManualElection(), Duration.ofHours(1))) {
            flaky.manager = manager;
            manager.start().get(5, TimeUnit.SECONDS);

            assertThat(manager.status())
                    .singleElement()
                    .isEqualTo(new ComponentStatus(
                            "flaky",
                            false,
                            ComponentState.FAILED,
                            NOW,
                            1,
                            "java.lang.IllegalStateException: database unreachable at nacos://nacos:***@127.0.0.1:8848 (attempt 1)",
                            NOW.plus(Duration.ofHours(1))));
        }
    }

    @Test
    void leaderComponentFailingToStartShouldStopRetryingWhenLeadershipIsLost() throws Exception {
        FlakyComponent flaky = new FlakyComponent(Integer.MAX_VALUE, true);
        ManualElection election = new ManualElection();
        try (ComponentManager manager = manager(List.of(flaky), election, Duration.ofMillis(10))) {
            flaky.manager = manager;
            manager.start().get(5, TimeUnit.SECONDS);
            assertThat(flaky.attempts).hasValue(0);

            election.gain();
            await().atMost(Duration.ofSeconds(10)).until(() -> flaky.attempts.get() >= 2);
            election.lose();

            int attemptsAtLoss = flaky.attempts.get();
            assertThat(manager.status("flaky").orElseThrow().state()).isEqualTo(ComponentState.STOPPED);
            assertThat(manager.status("flaky").orElseThrow().nextRetry()).isNull();
            // a retry scheduled before the loss must not start it: wait beyond several back-off periods
            ComponentManager probe = manager;
            await().during(Duration.ofMillis(200))
                    .atMost(Duration.ofSeconds(2))
                    .until(() -> probe.status("flaky").orElseThrow().state() == ComponentState.STOPPED);
            assertThat(flaky.attempts).hasValue(attemptsAtLoss);
        }
    }

    @Test
    void leadershipLossShouldReturnOnlyAfterTheLeaderComponentsStopped() throws Exception {
        ManualElection election = new ManualElection();
        List<Component> components = List.of(
                new RecordingComponent("n", "reader", false, 0, log),
                new RecordingComponent("n", "job", true, 1, log),
                new RecordingComponent("n", "gc", true, 2, log));
        try (ComponentManager manager = manager(components, election, Duration.ofMillis(10))) {
            manager.start().get(5, TimeUnit.SECONDS);
            assertThat(log.events()).containsExactly("n start reader");

            election.gain();
            await().atMost(Duration.ofSeconds(5)).until(() -> log.events().size() == 3);
            assertThat(log.events()).containsExactly("n start reader", "n start job", "n start gc");

            election.lose(); // returns when the leader components are stopped: no waiting needed below
            assertThat(log.events()).endsWith("n stop gc", "n stop job");
            assertThat(manager.status("job").orElseThrow().state()).isEqualTo(ComponentState.STOPPED);
            assertThat(manager.status("reader").orElseThrow().state()).isEqualTo(ComponentState.RUNNING);

            election.gain();
            await().atMost(Duration.ofSeconds(5)).until(() -> log.count("n start gc") == 2);
            assertThat(log.events()).endsWith("n start job", "n start gc");
        }
        assertThat(log.events()).endsWith("n stop gc", "n stop job", "n stop reader");
        assertThat(election.closed).isTrue();
    }

    @Test
    void stopShouldBeIdempotentAndStartAfterStopShouldFail() throws Exception {
        ComponentManager manager = new ComponentManager(
                List.of(new RecordingComponent("n", "reader", false, 0, log)),
                new SingleNodeElection("n"),
                scheduler,
                clock,
                BackoffConfig.DEFAULTS);
        manager.start().get(5, TimeUnit.SECONDS);
        assertThat(manager.isLeader()).isTrue();
        assertThat(manager.currentLeader()).contains("n");

        manager.stop().get(5, TimeUnit.SECONDS);
        manager.stop().get(5, TimeUnit.SECONDS);
        manager.close();

        assertThat(log.count("n stop reader")).isEqualTo(1);
        assertThat(manager.isLeader()).isFalse();
        assertThat(manager.start())
                .failsWithin(Duration.ofSeconds(1))
                .withThrowableOfType(ExecutionException.class)
                .withMessageContaining("was stopped and cannot start again; create a new one");
    }

    @Test
    void componentsWithTheSameNameShouldBeRejected() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> manager(
                        List.of(
                                new RecordingComponent("n", "registry", false, 0, log),
                                new RecordingComponent("n", "registry", true, 1, log)),
                        new ManualElection(),
                        Duration.ofSeconds(1)))
                .withMessageContaining("Two components are named 'registry'")
                .withMessageContaining("component names must be unique");
    }
}
