package io.dubboai.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.dubbo.common.URL;
import org.apache.dubbo.rpc.Invocation;
import org.apache.dubbo.rpc.Invoker;
import org.junit.jupiter.api.Test;

class ProviderLoadTrackerTest {

    private final AtomicLong now = new AtomicLong();
    private final ProviderLoadTracker tracker = new ProviderLoadTracker(now::get);

    private static Invoker<?> provider(String address) {
        Invoker<?> invoker = mock(Invoker.class);
        when(invoker.getUrl()).thenReturn(URL.valueOf("dubbo://" + address + "/Svc?dubbo-ai-model=m"));
        return invoker;
    }

    @Test
    void work_inFlightAndReportedLoad_added() {
        Invoker<?> a = provider("10.0.0.1:1");
        tracker.started(a);
        tracker.started(a);
        tracker.finished(a, "3", "40");

        // one call still in flight, 3 queued, 40% GPU = 2 requests' worth
        assertThat(tracker.inFlight(a)).isEqualTo(1);
        assertThat(tracker.work(a)).isEqualTo(1 + 3 + 40 / ProviderLoadTracker.GPU_UTIL_PER_REQUEST);
    }

    @Test
    void work_reportOlderThanTtl_ignored() {
        Invoker<?> a = provider("10.0.0.1:1");
        tracker.started(a);
        tracker.finished(a, "50", null);
        now.addAndGet(ProviderLoadTracker.REPORT_TTL_NANOS + TimeUnit.MILLISECONDS.toNanos(1));

        assertThat(tracker.work(a)).isZero();
    }

    @Test
    void finished_unreadableReport_keepsCountingCalls() {
        Invoker<?> a = provider("10.0.0.1:1");
        tracker.started(a);
        tracker.finished(a, "lots", "-5");
        tracker.finished(a, null, null);

        // never negative; "-5" reads as 0% and "lots" as no report
        assertThat(tracker.inFlight(a)).isZero();
        assertThat(tracker.work(a)).isZero();
    }

    @Test
    @SuppressWarnings({"unchecked", "rawtypes"})
    void select_twoProviders_takesTheOneWithLessWork() {
        Invoker a = provider("10.0.0.1:1");
        Invoker b = provider("10.0.0.2:1");
        tracker.started(b);
        tracker.finished(b, "5", null);
        LeastWorkLoadBalance balance = new LeastWorkLoadBalance(tracker);

        for (int i = 0; i < 100; i++) {
            Invoker<?> chosen =
                    balance.select(List.of(a, b), URL.valueOf("consumer://10.0.0.9/Svc"), mock(Invocation.class));
            assertThat(chosen).isSameAs(a);
        }
    }
}
