package io.dubboai.router;

import io.dubboai.core.contract.ModelAttachments;
import io.dubboai.router.internal.RoutingTable.ShadowTarget;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.apache.dubbo.common.URL;
import org.apache.dubbo.common.constants.CommonConstants;
import org.apache.dubbo.rpc.Constants;
import org.apache.dubbo.rpc.InvokeMode;
import org.apache.dubbo.rpc.Invoker;
import org.apache.dubbo.rpc.Result;
import org.apache.dubbo.rpc.RpcContext;
import org.apache.dubbo.rpc.RpcInvocation;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the copies of shadow traffic, one instance per Dubbo application (registered by
 * {@link RouterScopeModelInitializer}). {@link ShadowTrafficFilter} offers each call the router marked; this class
 * draws against the rule's percent, copies the invocation pinned to the shadow version and sends it from its own
 * threads, so the caller is never delayed by more than the draw, the copy and a queue offer.
 *
 * <p><b>Bounds.</b> At most {@link ShadowSettings#maxPending()} copies are queued or awaiting their answer: a permit
 * is taken before a copy is queued and returned when its answer, failure or timeout arrives. With no permit left the
 * copy is dropped and counted; a shadow version slower than the traffic mirrored to it therefore sheds copies
 * instead of holding memory or threads. Copies are sent asynchronously ({@link InvokeMode#ASYNC}): a sending thread
 * routes and writes the request, Dubbo's threads receive the answer, which is discarded. A copy is never retried.
 *
 * <p><b>What a copy is.</b> A new {@link RpcInvocation} with the caller's method, service and argument array copied
 * (the argument objects themselves are shared and only read, as Dubbo's serialization reads them: a caller that
 * mutates its argument objects after its call returned may send the copy the changed values), the caller's
 * attachments in a new map plus {@link ModelAttachments#VERSION} = the shadow version and
 * {@link ModelAttachments#SHADOW} = {@code true}, and of the invocation attributes only Dubbo's consumer and method
 * models (the others belong to the caller's call: profiler, filter timings, router results).
 *
 * <p>Threading: any thread. The sending threads are daemon threads named {@code dubbo-ai-shadow-<n>}, started on
 * the first copy; {@link #stop()} ends them and drops what is still queued.
 */
public final class ShadowMirror {

    private static final Logger log = LoggerFactory.getLogger(ShadowMirror.class);

    private final Supplier<ShadowSettings> settingsSource;
    private final DoubleSupplier random;
    private final LongSupplier nanoTime;
    /** model → shadow version → counts: two lookups per copy, no key object. */
    private final Map<String, Map<String, ShadowCounts>> counts = new ConcurrentHashMap<>();

    private final CopyOnWriteArrayList<Consumer<ShadowCounts>> countListeners = new CopyOnWriteArrayList<>();
    private volatile @Nullable Sender sender;
    private volatile boolean stopped;

    /**
     * @param settings read once, when the first copy is sent (the application's configuration is loaded by then)
     * @param random draws a number in [0, 1) per offered call
     * @param nanoTime the clock that spaces warnings
     */
    public ShadowMirror(Supplier<ShadowSettings> settings, DoubleSupplier random, LongSupplier nanoTime) {
        this.settingsSource = settings;
        this.random = random;
        this.nanoTime = nanoTime;
    }

    /**
     * Copies {@code call} to {@code target}'s version with the target's probability, sending it through
     * {@code cluster} (the rest of the cluster filter chain and the cluster invoker, so routing, GPU constraints and
     * load balancing apply to the copy). Never throws and never blocks.
     */
    public void offer(Invoker<?> cluster, RpcInvocation call, ShadowTarget target) {
        if (target.probability() < 1 && random.getAsDouble() >= target.probability()) {
            return;
        }
        ShadowCounts counted = counts(target);
        Sender current = sender();
        if (current == null || !current.permits.tryAcquire()) {
            dropped(counted, current == null ? "the application is stopping" : tooMany(current));
            return;
        }
        try {
            RpcInvocation copy = copyOf(call, target.version());
            // InstanceAddressURL reads provider parameters through the consumer URL in the thread's service context
            URL consumerUrl = RpcContext.getServiceContext().getConsumerUrl();
            URL reference = consumerUrl != null ? consumerUrl : cluster.getUrl();
            current.executor.execute(() -> send(current, cluster, reference, copy, counted));
        } catch (RejectedExecutionException e) {
            current.permits.release();
            dropped(counted, "the application is stopping");
        } catch (RuntimeException e) {
            // copying reads the caller's invocation only; nothing here may reach the caller
            current.permits.release();
            dropped(counted, "the call could not be copied (" + e + ")");
        }
    }

    /** The counts of every target mirrored to so far. */
    public List<ShadowCounts> counts() {
        return counts.values().stream()
                .flatMap(byVersion -> byVersion.values().stream())
                .toList();
    }

    /**
     * Calls {@code listener} with the counts of every target now and of each new target from now on (on the thread
     * that mirrors to it first). For the metrics binding.
     *
     * @return removes the listener
     */
    public Runnable onCounts(Consumer<ShadowCounts> listener) {
        countListeners.add(listener);
        counts().forEach(listener);
        return () -> countListeners.remove(listener);
    }

    /** Copies queued or awaiting an answer now. */
    public int pending() {
        Sender current = sender;
        return current == null ? 0 : current.settings.maxPending() - current.permits.availablePermits();
    }

    /** Ends the sending threads; queued copies are dropped, copies awaiting an answer are left to it. Idempotent. */
    public void stop() {
        stopped = true;
        Sender current = sender;
        if (current != null) {
            current.executor.shutdownNow();
        }
    }

    private ShadowCounts counts(ShadowTarget target) {
        Map<String, ShadowCounts> byVersion = counts.get(target.model());
        if (byVersion == null) {
            byVersion = counts.computeIfAbsent(target.model(), model -> new ConcurrentHashMap<>());
        }
        ShadowCounts existing = byVersion.get(target.version());
        if (existing != null) {
            return existing;
        }
        ShadowCounts created = new ShadowCounts(target.model(), target.version());
        ShadowCounts raced = byVersion.putIfAbsent(target.version(), created);
        if (raced != null) {
            return raced;
        }
        countListeners.forEach(listener -> listener.accept(created));
        return created;
    }

    private @Nullable Sender sender() {
        Sender current = sender;
        if (current != null || stopped) {
            return stopped ? null : current;
        }
        synchronized (this) {
            if (sender == null && !stopped) {
                ShadowSettings settings;
                try {
                    settings = settingsSource.get();
                } catch (RuntimeException e) {
                    // a bad setting must not break calls: it is named in the log and the defaults apply
                    log.warn("Ignoring the shadow traffic settings, using the defaults: {}", e.getMessage());
                    settings = ShadowSettings.DEFAULTS;
                }
                sender = new Sender(settings);
                log.info(
                        "Mirroring shadow traffic with {} threads and at most {} pending copies ({}, {})",
                        settings.threads(),
                        settings.maxPending(),
                        ShadowSettings.THREADS_PROPERTY,
                        ShadowSettings.MAX_PENDING_PROPERTY);
            }
            return stopped ? null : sender;
        }
    }

    private void send(Sender current, Invoker<?> cluster, URL consumerUrl, RpcInvocation copy, ShadowCounts counted) {
        counted.countMirrored();
        Result result;
        try {
            RpcContext.getServiceContext().setConsumerUrl(consumerUrl);
            // a copy is sent once: FailoverClusterInvoker reads (and removes) this retry count
            RpcContext.getClientAttachment().setObjectAttachment(CommonConstants.RETRIES_KEY, 0);
            result = cluster.invoke(copy);
        } catch (Throwable e) {
            current.permits.release();
            failed(counted, e);
            return;
        } finally {
            RpcContext.removeContext();
        }
        result.whenCompleteWithContext((answer, error) -> {
            current.permits.release();
            Throwable failure = error != null ? error : answer == null ? null : answer.getException();
            if (failure != null) {
                failed(counted, failure);
            }
        });
    }

    static RpcInvocation copyOf(RpcInvocation call, String version) {
        Map<Object, Object> attributes = new HashMap<>();
        copyAttribute(call, attributes, Constants.CONSUMER_MODEL);
        copyAttribute(call, attributes, Constants.METHOD_MODEL);
        Map<String, Object> attachments = call.copyObjectAttachments();
        attachments.remove(ModelAttachments.ROUTED_VERSION);
        attachments.remove(ModelAttachments.ALIAS);
        attachments.put(ModelAttachments.VERSION, version);
        attachments.put(ModelAttachments.SHADOW, "true");
        return new RpcInvocation(
                call.getTargetServiceUniqueName(),
                call.getServiceModel(),
                call.getMethodName(),
                call.getServiceName(),
                call.getProtocolServiceKey(),
                call.getParameterTypes(),
                call.getArguments() == null ? null : call.getArguments().clone(),
                attachments,
                call.getInvoker(),
                Collections.synchronizedMap(attributes),
                InvokeMode.ASYNC);
    }

    private static void copyAttribute(RpcInvocation call, Map<Object, Object> into, String key) {
        Object value = call.get(key);
        if (value != null) {
            into.put(key, value);
        }
    }

    private void dropped(ShadowCounts counted, String why) {
        if (counted.countDropped(nanoTime.getAsLong())) {
            log.warn(
                    "Dropped a shadow copy of a call of model '{}' to version '{}': {}. Callers are not affected. {}"
                            + " (at most one such warning a minute per model and version)",
                    counted.model(),
                    counted.version(),
                    why,
                    counted);
        }
    }

    private static String tooMany(Sender current) {
        return current.settings.maxPending() + " copies are pending (queued or awaiting an answer): the shadow"
                + " version answers slower than the calls mirrored to it. Lower the rule's shadow percent, add"
                + " providers of the shadow version, or raise " + ShadowSettings.MAX_PENDING_PROPERTY;
    }

    private void failed(ShadowCounts counted, Throwable failure) {
        if (counted.countFailed(nanoTime.getAsLong())) {
            log.warn(
                    "A shadow copy of a call of model '{}' to version '{}' failed: {}. Its caller was not affected."
                            + " {} (at most one such warning a minute per model and version)",
                    counted.model(),
                    counted.version(),
                    failure.toString(),
                    counted);
        } else if (log.isDebugEnabled()) {
            log.debug("Shadow copy to version '{}' of model '{}' failed", counted.version(), counted.model(), failure);
        }
    }

    /** The threads and permits, made on the first copy. */
    private static final class Sender {
        final ShadowSettings settings;
        final Semaphore permits;
        final ThreadPoolExecutor executor;

        Sender(ShadowSettings settings) {
            this.settings = settings;
            this.permits = new Semaphore(settings.maxPending());
            AtomicInteger number = new AtomicInteger();
            // the queue never refuses: a copy holds a permit before it is queued, and there are maxPending permits
            this.executor = new ThreadPoolExecutor(
                    settings.threads(),
                    settings.threads(),
                    60,
                    TimeUnit.SECONDS,
                    new LinkedBlockingQueue<>(settings.maxPending()),
                    task -> {
                        Thread thread = new Thread(task, "dubbo-ai-shadow-" + number.incrementAndGet());
                        thread.setDaemon(true);
                        return thread;
                    });
            executor.allowCoreThreadTimeOut(true);
        }
    }
}
