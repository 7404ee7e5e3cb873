package io.dubboai.serving.oip;

import io.dubboai.serving.oip.grpc.GRPCInferenceService;
import java.util.concurrent.CompletableFuture;
import org.apache.dubbo.common.constants.CommonConstants;
import org.apache.dubbo.common.extension.Activate;
import org.apache.dubbo.rpc.AppResponse;
import org.apache.dubbo.rpc.AsyncRpcResult;
import org.apache.dubbo.rpc.Filter;
import org.apache.dubbo.rpc.Invocation;
import org.apache.dubbo.rpc.Invoker;
import org.apache.dubbo.rpc.Result;
import org.apache.dubbo.rpc.RpcException;

/**
 * Keeps the response attachments of an asynchronous {@code ModelInfer} answer on the Triple response (provider side,
 * the inference service only).
 *
 * <p>Why: Dubbo 3.3.6's Triple server ({@code AbstractServerCallListener.invoke}) reads the response attachments
 * with {@code response.getObjectAttachments()} from inside a {@code whenCompleteWithContext} callback of the
 * {@code AsyncRpcResult}. That method has just replaced the result's future with the dependent stage whose callback
 * is running, which is therefore not done yet, so {@code getAppResponse()} answers a fresh empty
 * {@code AppResponse}: every attachment of an answer that completes after the service method returned is dropped
 * (apache/dubbo#13666 tracks context loss in asynchronous calls). A synchronous answer is not affected.
 *
 * <p>What: when the service returned an unfinished future, this filter registers the first completion callback (it
 * runs inside the filter chain, before Dubbo's own callbacks) and points the result at a completed future holding
 * the same {@code AppResponse}. Dubbo's callbacks still run in their order ({@code ContextFilter} adds the server
 * response attachments to that {@code AppResponse}), and the Triple server then reads them from it.
 */
@Activate(group = CommonConstants.PROVIDER)
public final class AsyncAttachmentsFilter implements Filter {

    @Override
    public Result invoke(Invoker<?> invoker, Invocation invocation) throws RpcException {
        Result result = invoker.invoke(invocation);
        if (invoker.getInterface() == GRPCInferenceService.class
                && result instanceof AsyncRpcResult async
                && !async.getResponseFuture().isDone()) {
            async.whenCompleteWithContext((response, failure) -> {
                if (failure == null && response instanceof AppResponse answer) {
                    async.setResponseFuture(CompletableFuture.completedFuture(answer));
                }
            });
        }
        return result;
    }
}
