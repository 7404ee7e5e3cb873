package io.dubboai.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.dubbo.common.URL;
import org.apache.dubbo.rpc.Invocation;
import org.apache.dubbo.rpc.Invoker;
import org.junit.jupiter.api.Test;

class ProviderLoadTrackerTest {

    private static final long ONE_MILLI = TimeUnit.MILLISECONDS.toNanos(1);

    private final AtomicLong now = new AtomicLong();
    private final ProviderLoadTracker tracker = new ProviderLoadTracker(now::get);

    private static Invoker<?> provider(String address) {
        return provider(address, "Svc");
    }

    private static Invoker<?> provider(String address, String pathAndQuery) {
        Invoker<?> invoker = mock(Invoker.class);
        when(invoker.getUrl())
                .thenReturn(URL.valueOf("dubbo://" + address + "/" + pathAndQuery
                        + (pathAndQuery.contains("?") ? "&" : "?") + "dubbo-ai-model=m"));
        return invoker;
    }

    /** Moves the clock past one sweep interval and runs the sweep. */
    private void sweep() {
        now.addAndGet(ProviderLoadTracker.SWEEP_INTERVAL_NANOS + ONE_MILLI);
        startCallElsewhere();
    }

    /** A call to another provider: its start runs the sweep when one is due. */
    private void startCallElsewhere() {
        tracker.started(provider("192.0.2.99:1", "Sweeper")).finished(null, null);
    }

    @Test
    void work_inFlightAndReportedLoad_added() {
        Invoker<?> a = provider("10.0.0.1:1");
        tracker.started(a);
        tracker.started(a).finished("3", "40");

        // one call still in flight, 3 queued, 40% GPU = 2 requests' worth
        assertThat(tracker.inFlight(a)).isEqualTo(1);
        assertThat(tracker.work(a)).isEqualTo(1 + 3 + 40 / ProviderLoadTracker.GPU_UTIL_PER_REQUEST);
    }

    @Test
    void work_reportOlderThanTtl_ignored() {
        Invoker<?> a = provider("10.0.0.1:1");
        tracker.started(a).finished("50", null);
        now.addAndGet(ProviderLoadTracker.REPORT_TTL_NANOS + ONE_MILLI);

        assertThat(tracker.work(a)).isZero();
    }

    @Test
    void finished_unreadableReport_keepsCountingCalls() {
        Invoker<?> a = provider("10.0.0.1:1");
        tracker.started(a).finished("lots", "-5");

        // "-5" reads as 0% and "lots" as no report
        assertThat(tracker.inFlight(a)).isZero();
        assertThat(tracker.work(a)).isZero();
    }

    @Test
    void finished_calledTwice_countsOnce() {
        Invoker<?> a = provider("10.0.0.1:1");
        tracker.started(a);
        ProviderLoadTracker.Call call = tracker.started(a);

        call.finished(null, null);
        call.finished(null, null);

        // the other call is still in flight: a second finish of one call must not end it
        assertThat(tracker.inFlight(a)).isEqualTo(1);
    }

    @Test
    void started_sameHostAndPortDifferentServices_countedApart() {
        Invoker<?> sentiment = provider("10.0.0.1:20880", "org.example.SentimentService");
        Invoker<?> translation = provider("10.0.0.1:20880", "org.example.TranslationService");
        Invoker<?> sentimentCanary = provider("10.0.0.1:20880", "org.example.SentimentService?group=canary");
        tracker.started(sentiment);
        tracker.started(sentiment);
        tracker.started(sentimentCanary).finished("7", null);

        assertThat(tracker.inFlight(sentiment)).isEqualTo(2);
        assertThat(tracker.work(sentiment)).isEqualTo(2);
        // the same process and port, but another service (interface or group): its own runtime and queue
        assertThat(tracker.inFlight(translation)).isZero();
        assertThat(tracker.work(translation)).isZero();
        assertThat(tracker.work(sentimentCanary)).isEqualTo(7);
    }

    @Test
    void started_sameServiceOverAnotherProtocolOnTheSamePort_sharesTheEntry() {
        Invoker<?> dubbo = provider("10.0.0.1:20880", "org.example.SentimentService");
        Invoker<?> triple = mock(Invoker.class);
        when(triple.getUrl())
                .thenReturn(URL.valueOf("tri://10.0.0.1:20880/org.example.SentimentService?dubbo-ai-model=m"));
        tracker.started(dubbo);

        // one runtime behind both protocols (port unification)
        assertThat(tracker.inFlight(triple)).isEqualTo(1);
    }

    @Test
    void sweep_departedIdleProviders_dropped() {
        for (int i = 0; i < 100; i++) {
            tracker.started(provider("10.0.1." + i + ":1")).finished("2", "10");
        }
        assertThat(tracker.trackedEntries()).isEqualTo(100);

        // the pods are gone: no calls in flight, their reports go stale
        sweep();

        // only the sweeper's own entry is left, and it is idle too
        assertThat(tracker.trackedEntries()).isEqualTo(1);
        sweep();
        assertThat(tracker.trackedEntries()).isEqualTo(1);
    }

    @Test
    void sweep_providerWithCallInFlight_keptAndItsCountEndsAtZero() {
        Invoker<?> slow = provider("10.0.0.1:1");
        ProviderLoadTracker.Call call = tracker.started(slow);

        sweep();
        sweep();

        // the call outlived two sweeps; its entry is still the one counting it
        assertThat(tracker.inFlight(slow)).isEqualTo(1);
        call.finished("4", null);
        assertThat(tracker.inFlight(slow)).isZero();
        assertThat(tracker.work(slow)).isEqualTo(4);
    }

    @Test
    void sweep_freshReport_kept() {
        Invoker<?> a = provider("10.0.0.1:1");
        Invoker<?> b = provider("10.0.0.2:1");
        tracker.started(a).finished("5", null);
        now.set(TimeUnit.SECONDS.toNanos(6));
        tracker.started(b).finished("9", null);

        // the first sweep is due: a's report is older than the TTL by now, b's is 4 s old
        now.set(ProviderLoadTracker.SWEEP_INTERVAL_NANOS + ONE_MILLI);
        startCallElsewhere();

        assertThat(tracker.work(a)).isZero();
        assertThat(tracker.work(b)).isEqualTo(9);
        assertThat(tracker.trackedEntries()).isEqualTo(2); // b and the sweeper's own entry
    }

    @Test
    void sweep_racingCalls_neverDropsACountedCallNorGoesNegative() throws Exception {
        Invoker<?> a = provider("10.0.0.1:1");
        int threads = 4;
        int callsPerThread = 20_000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                results.add(pool.submit(() -> {
                    int lost = 0;
                    for (int i = 0; i < callsPerThread; i++) {
                        // every call moves the clock past the sweep interval: every start may run a sweep
                        now.addAndGet(ProviderLoadTracker.SWEEP_INTERVAL_NANOS + 1);
                        ProviderLoadTracker.Call call = tracker.started(a);
                        if (tracker.inFlight(a) < 1) {
                            lost++; // our own call is in flight: its entry must still be there, counting it
                        }
                        call.finished(i % 2 == 0 ? "1" : null, null);
                    }
                    return lost;
                }));
            }
            for (Future<Integer> result : results) {
                assertThat(result.get(60, TimeUnit.SECONDS)).isZero();
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(tracker.inFlight(a)).isZero();
        sweep();
        assertThat(tracker.inFlight(a)).isZero();
        assertThat(tracker.trackedEntries()).isEqualTo(1); // only the sweeper's
    }

    @Test
    @SuppressWarnings({"unchecked", "rawtypes"})
    void select_twoProviders_takesTheOneWithLessWork() {
        Invoker a = provider("10.0.0.1:1");
        Invoker b = provider("10.0.0.2:1");
        tracker.started(b).finished("5", null);
        LeastWorkLoadBalance balance = new LeastWorkLoadBalance(tracker);

        for (int i = 0; i < 100; i++) {
            Invoker<?> chosen =
                    balance.select(List.of(a, b), URL.valueOf("consumer://10.0.0.9/Svc"), mock(Invocation.class));
            assertThat(chosen).isSameAs(a);
        }
    }
}
