package io.dubboai.router;

import io.dubboai.core.contract.ModelAttachments;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.apache.dubbo.common.URL;
import org.apache.dubbo.rpc.Invoker;
import org.jspecify.annotations.Nullable;

/**
 * The outstanding work of each model service of each provider as one consumer application sees it: calls it has in
 * flight to the service (counted exactly by {@link ProviderLoadFilter}) plus what the provider last reported in its
 * response attachments ({@link ModelAttachments#LOAD_QUEUE}, {@link ModelAttachments#LOAD_GPU_UTIL}). Reports older
 * than {@link #REPORT_TTL_NANOS} are ignored, so a provider that stopped answering is judged by in-flight calls alone.
 *
 * <p><b>Keys.</b> One entry per provider address and service key ({@code group/interface:version}): one provider
 * process may export several model services on one port, each with its own model runtime and queue, so their
 * in-flight calls and reports must not be added up. The protocol is not part of the key: a service exported over two
 * protocols on one port (Dubbo's port unification) is one runtime with one queue. For interface-level addresses the
 * service key is the provider's own; for instance-level addresses ({@code InstanceAddressURL}) Dubbo answers with the
 * service key of the reference making the call, which names the same service.
 *
 * <p><b>Pruning.</b> An entry with no call in flight and no fresh report weighs exactly as much as no entry at all
 * ({@link #work} is 0 for both), so such idle entries are dropped: at most once per {@link #SWEEP_INTERVAL_NANOS}, the
 * thread starting a call walks the entries and retires the idle ones. A provider that left (a Kubernetes pod replaced
 * by one with a new address) gets no new calls, its last calls finish or time out, its report goes stale, and its
 * entry goes with the next sweep; the map holds only the (provider, service) pairs called within the last two
 * intervals or still in flight, however many providers came and went. Entries are never dropped on router
 * notifications: one service is notified by several directories and chains with lists that may briefly differ, and
 * references made with a direct {@code url=} have no router chain but still use this tracker.
 *
 * <p><b>Concurrency.</b> Lock-free. An entry's state is one {@code long}: calls in flight in the low 32 bits, calls
 * started (wrapping) in the high 32 bits, or {@code RETIRED}. A sweep retires an entry by compare-and-set from the
 * state it saw idle, so it fails if any call started since, even one that already finished; an entry with a call in
 * flight is never retired, so a call's {@link Call#finished} always decrements the entry its start incremented and
 * the count never goes negative. A call that finds its entry retired takes a fresh one.
 */
public final class ProviderLoadTracker {

    /** How long a provider's load report counts, in nanoseconds (10 seconds). */
    public static final long REPORT_TTL_NANOS = TimeUnit.SECONDS.toNanos(10);

    /** How often, at most, idle entries are looked for and dropped, in nanoseconds (10 seconds). */
    public static final long SWEEP_INTERVAL_NANOS = REPORT_TTL_NANOS;

    /**
     * GPU utilisation, in percent, that weighs as much as one queued request: 100% utilisation counts as 5 requests.
     * Utilisation breaks ties between providers with equal queues and warns of a saturated GPU before its queue grows.
     */
    public static final double GPU_UTIL_PER_REQUEST = 20.0;

    private final LongSupplier nanoTime;
    private final Map<Key, Load> loads = new ConcurrentHashMap<>();
    private final AtomicLong lastSweepNanos;

    /** @param nanoTime monotonic clock in nanoseconds, {@code System::nanoTime} outside tests */
    public ProviderLoadTracker(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
        this.lastSweepNanos = new AtomicLong(nanoTime.getAsLong());
    }

    /**
     * Counts a call sent to {@code invoker}'s provider and service; the caller must end it with exactly one
     * {@link Call#finished} (further ones are ignored).
     */
    public Call started(Invoker<?> invoker) {
        long now = nanoTime.getAsLong();
        sweepIfDue(now);
        Key key = key(invoker.getUrl());
        while (true) {
            Load load = loads.computeIfAbsent(key, k -> new Load());
            if (load.tryStart()) {
                return new Call(load);
            }
            // a sweep retired it between the lookup and the start; it is idle, take a fresh one
            loads.remove(key, load);
        }
    }

    /** The outstanding work of {@code invoker}'s provider and service: in-flight calls plus its fresh reported load. */
    public double work(Invoker<?> invoker) {
        Load load = loads.get(key(invoker.getUrl()));
        if (load == null) {
            return 0;
        }
        double work = load.inFlight();
        Report report = load.report;
        if (report != null && nanoTime.getAsLong() - report.atNanos() <= REPORT_TTL_NANOS) {
            work += report.queue() + report.gpuUtil() / GPU_UTIL_PER_REQUEST;
        }
        return work;
    }

    /** Calls in flight to {@code invoker}'s provider and service. */
    public int inFlight(Invoker<?> invoker) {
        Load load = loads.get(key(invoker.getUrl()));
        return load == null ? 0 : load.inFlight();
    }

    /** How many (provider, service) entries are held now; for diagnostics and tests. */
    public int trackedEntries() {
        return loads.size();
    }

    private void sweepIfDue(long now) {
        long last = lastSweepNanos.get();
        if (now - last < SWEEP_INTERVAL_NANOS || !lastSweepNanos.compareAndSet(last, now)) {
            return;
        }
        loads.forEach((key, load) -> {
            if (load.tryRetire(now)) {
                loads.remove(key, load);
            }
        });
    }

    private static Key key(URL url) {
        String service = url.getServiceKey();
        // null only for an instance-level address asked outside a call; the filter and the load balance ask inside
        return new Key(url.getAddress(), service == null ? "" : service);
    }

    /** A non-negative integer up to {@code max}, or -1 when absent or unreadable. */
    private static int parse(@Nullable String text, int max) {
        if (text == null || text.isEmpty()) {
            return -1;
        }
        try {
            return Math.min(max, Math.max(0, Integer.parseInt(text.trim())));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** One call in flight; ends with {@link #finished}. */
    public final class Call {

        private final Load load;
        private final AtomicBoolean open = new AtomicBoolean(true);

        private Call(Load load) {
            this.load = load;
        }

        /**
         * Counts the call as finished and records the load the provider reported; only the first invocation counts.
         *
         * @param queue {@link ModelAttachments#LOAD_QUEUE} of the response, {@code null} when absent or on error
         * @param gpuUtil {@link ModelAttachments#LOAD_GPU_UTIL} of the response, {@code null} when absent
         */
        public void finished(@Nullable String queue, @Nullable String gpuUtil) {
            if (!open.compareAndSet(true, false)) {
                return;
            }
            int reportedQueue = parse(queue, Integer.MAX_VALUE);
            int reportedGpu = parse(gpuUtil, 100);
            if (reportedQueue >= 0 || reportedGpu >= 0) {
                // before the decrement: while this call is in flight the entry cannot be retired, so the report
                // lands in the live entry, and a sweep that sees the decrement also sees the report
                load.report = new Report(Math.max(0, reportedQueue), Math.max(0, reportedGpu), nanoTime.getAsLong());
            }
            load.finish();
        }
    }

    private record Key(String address, String service) {}

    private static final class Load {

        /** Never a live state: that would take 2^32 - 1 calls in flight. */
        private static final long RETIRED = -1L;

        /** One more call in flight and one more call started. */
        private static final long START = (1L << 32) + 1;

        /** Low 32 bits: calls in flight; high 32 bits: calls started, wrapping; or {@link #RETIRED}. */
        private final AtomicLong state = new AtomicLong();

        volatile @Nullable Report report;

        boolean tryStart() {
            while (true) {
                long current = state.get();
                if (current == RETIRED) {
                    return false;
                }
                if (state.compareAndSet(current, current + START)) {
                    return true;
                }
            }
        }

        /** Matches one successful {@link #tryStart}: the low bits are at least 1, so nothing borrows. */
        void finish() {
            state.decrementAndGet();
        }

        int inFlight() {
            long current = state.get();
            return current == RETIRED ? 0 : (int) current;
        }

        /** Retires the entry if it has no call in flight and no fresh report, and no call starts meanwhile. */
        boolean tryRetire(long now) {
            long seen = state.get();
            if (seen == RETIRED || (int) seen != 0) {
                return false;
            }
            Report last = report;
            if (last != null && now - last.atNanos() <= REPORT_TTL_NANOS) {
                return false;
            }
            return state.compareAndSet(seen, RETIRED);
        }
    }

    private record Report(int queue, int gpuUtil, long atNanos) {}
}
