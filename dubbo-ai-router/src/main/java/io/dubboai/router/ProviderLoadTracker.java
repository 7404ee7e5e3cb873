package io.dubboai.router;

import io.dubboai.core.contract.ModelAttachments;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.apache.dubbo.rpc.Invoker;
import org.jspecify.annotations.Nullable;

/**
 * The outstanding work of each model provider as one consumer application sees it: calls it has in flight to the
 * provider (counted exactly by {@link ProviderLoadFilter}) plus what the provider last reported in its response
 * attachments ({@link ModelAttachments#LOAD_QUEUE}, {@link ModelAttachments#LOAD_GPU_UTIL}). Reports older than
 * {@link #REPORT_TTL_NANOS} are ignored, so a provider that stopped answering is judged by in-flight calls alone.
 *
 * <p>One instance per application (the load balance is application-scoped); thread-safe, lock-free.
 */
public final class ProviderLoadTracker {

    /** How long a provider's load report counts, in nanoseconds (10 seconds). */
    public static final long REPORT_TTL_NANOS = TimeUnit.SECONDS.toNanos(10);

    /**
     * GPU utilisation, in percent, that weighs as much as one queued request: 100% utilisation counts as 5 requests.
     * Utilisation breaks ties between providers with equal queues and warns of a saturated GPU before its queue grows.
     */
    public static final double GPU_UTIL_PER_REQUEST = 20.0;

    private final LongSupplier nanoTime;
    private final Map<String, Load> loads = new ConcurrentHashMap<>();

    /** @param nanoTime monotonic clock in nanoseconds, {@code System::nanoTime} outside tests */
    public ProviderLoadTracker(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    /** Counts a call sent to {@code invoker}'s provider. */
    public void started(Invoker<?> invoker) {
        load(invoker).inFlight.incrementAndGet();
    }

    /**
     * Counts a call of {@code invoker}'s provider as finished and records the load it reported.
     *
     * @param queue {@link ModelAttachments#LOAD_QUEUE} of the response, {@code null} when absent or on error
     * @param gpuUtil {@link ModelAttachments#LOAD_GPU_UTIL} of the response, {@code null} when absent
     */
    public void finished(Invoker<?> invoker, @Nullable String queue, @Nullable String gpuUtil) {
        Load load = load(invoker);
        load.inFlight.updateAndGet(n -> Math.max(0, n - 1));
        int reportedQueue = parse(queue, Integer.MAX_VALUE);
        int reportedGpu = parse(gpuUtil, 100);
        if (reportedQueue >= 0 || reportedGpu >= 0) {
            load.report = new Report(Math.max(0, reportedQueue), Math.max(0, reportedGpu), nanoTime.getAsLong());
        }
    }

    /** The outstanding work of {@code invoker}'s provider: in-flight calls plus its fresh reported load. */
    public double work(Invoker<?> invoker) {
        Load load = loads.get(key(invoker));
        if (load == null) {
            return 0;
        }
        double work = load.inFlight.get();
        Report report = load.report;
        if (report != null && nanoTime.getAsLong() - report.atNanos() <= REPORT_TTL_NANOS) {
            work += report.queue() + report.gpuUtil() / GPU_UTIL_PER_REQUEST;
        }
        return work;
    }

    /** Calls in flight to {@code invoker}'s provider. */
    public int inFlight(Invoker<?> invoker) {
        Load load = loads.get(key(invoker));
        return load == null ? 0 : load.inFlight.get();
    }

    private Load load(Invoker<?> invoker) {
        return loads.computeIfAbsent(key(invoker), k -> new Load());
    }

    private static String key(Invoker<?> invoker) {
        return invoker.getUrl().getAddress();
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

    private static final class Load {
        final AtomicInteger inFlight = new AtomicInteger();
        volatile @Nullable Report report;
    }

    private record Report(int queue, int gpuUtil, long atNanos) {}
}
