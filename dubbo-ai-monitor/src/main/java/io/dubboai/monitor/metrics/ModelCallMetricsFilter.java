package io.dubboai.monitor.metrics;

import java.util.concurrent.CompletableFuture;
import org.apache.dubbo.rpc.AppResponse;
import org.apache.dubbo.rpc.AsyncRpcResult;
import org.apache.dubbo.rpc.Filter;
import org.apache.dubbo.rpc.Invocation;
import org.apache.dubbo.rpc.Invoker;
import org.apache.dubbo.rpc.Result;
import org.apache.dubbo.rpc.RpcException;
import org.jspecify.annotations.Nullable;

/**
 * Records a model call into its {@link ServiceMeters}: started when the filter is entered, finished with its outcome
 * and elapsed time when the result is known. Calls to services without model parameters pass straight through after
 * one map lookup.
 *
 * <p><b>No allocation on the usual path.</b> When the next invoker returns a result that is already complete (a
 * synchronous provider method; a synchronous consumer call, which Dubbo completes before the filter chain returns),
 * the call is recorded right there, from values on the stack. Only a call still pending when the filter returns (an
 * asynchronous service or reference) carries its start time and meters to {@link #onResponse}/{@link #onError} in one
 * small invocation attribute. The listener methods record only calls that carry it, so nothing is counted twice.
 */
abstract class ModelCallMetricsFilter implements Filter, Filter.Listener {

    private final CallMetrics metrics;
    private final boolean consumer;
    private final String pendingKey;

    ModelCallMetricsFilter(CallMetrics metrics, boolean consumer) {
        this.metrics = metrics;
        this.consumer = consumer;
        this.pendingKey = getClass().getName() + ".pending";
    }

    @Override
    public Result invoke(Invoker<?> invoker, Invocation invocation) throws RpcException {
        ServiceMeters meters = metrics.meters(invoker, invocation);
        if (meters == null) {
            return invoker.invoke(invocation);
        }
        long start = System.nanoTime();
        meters.started();
        Result result;
        try {
            result = invoker.invoke(invocation);
        } catch (RuntimeException | Error e) {
            meters.finished(CallOutcome.of(e, consumer), System.nanoTime() - start);
            throw e;
        }
        AppResponse done = completed(result);
        if (done != null) {
            CallOutcome outcome = CallOutcome.of(done.getException(), consumer);
            meters.finished(outcome, System.nanoTime() - start);
            if (outcome == CallOutcome.SUCCESS) {
                served(invoker, invocation, meters, done.getValue());
            }
        } else {
            invocation.put(pendingKey, new Pending(meters, start));
        }
        return result;
    }

    /**
     * Hook run after a successful call was recorded: within {@link #invoke} on the calling thread, or in
     * {@link #onResponse} for an asynchronous answer, with the call's answer ({@code null} when it has none); does
     * nothing by default.
     */
    void served(Invoker<?> invoker, Invocation invocation, ServiceMeters meters, @Nullable Object answer) {}

    @Override
    public void onResponse(Result appResponse, Invoker<?> invoker, Invocation invocation) {
        Pending pending = takePending(invocation);
        if (pending != null) {
            CallOutcome outcome = CallOutcome.of(appResponse.getException(), consumer);
            pending.meters.finished(outcome, System.nanoTime() - pending.start);
            if (outcome == CallOutcome.SUCCESS) {
                // an asynchronous answer (the provider's ModelInfer) is served here, not within invoke
                served(invoker, invocation, pending.meters, appResponse.getValue());
            }
        }
    }

    @Override
    public void onError(Throwable t, Invoker<?> invoker, Invocation invocation) {
        Pending pending = takePending(invocation);
        if (pending != null) {
            pending.meters.finished(CallOutcome.of(t, consumer), System.nanoTime() - pending.start);
        }
    }

    private @Nullable Pending takePending(Invocation invocation) {
        if (invocation.get(pendingKey) instanceof Pending pending) {
            // a failover retry reuses the invocation: the next attempt must not find this one's start
            invocation.getAttributes().remove(pendingKey);
            return pending;
        }
        return null;
    }

    /** The response of a result that is complete and not failed as a future; {@code null} otherwise. */
    private static @Nullable AppResponse completed(Result result) {
        if (result instanceof AppResponse response) {
            return response;
        }
        if (result instanceof AsyncRpcResult async) {
            CompletableFuture<AppResponse> future = async.getResponseFuture();
            if (future.isDone() && !future.isCompletedExceptionally()) {
                return future.getNow(null);
            }
        }
        return null;
    }

    private record Pending(ServiceMeters meters, long start) {}
}
