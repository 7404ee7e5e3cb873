package io.dubboai.router;

import io.dubboai.core.contract.ModelAttachments;
import io.dubboai.core.contract.ModelProviderParams;
import io.dubboai.router.internal.ProviderFacts;
import org.apache.dubbo.common.constants.CommonConstants;
import org.apache.dubbo.common.extension.Activate;
import org.apache.dubbo.rpc.Filter;
import org.apache.dubbo.rpc.Invocation;
import org.apache.dubbo.rpc.Invoker;
import org.apache.dubbo.rpc.Result;
import org.apache.dubbo.rpc.RpcException;
import org.apache.dubbo.rpc.model.ModuleModel;

/**
 * Consumer filter feeding {@link ProviderLoadTracker}: counts calls in flight to each model provider and records the
 * load the provider reports in its response attachments. Does nothing for providers without
 * {@link ModelProviderParams#MODEL}. The call's handle travels in an invocation attribute, so the response, on
 * whatever thread it arrives, ends exactly the count its start began.
 */
@Activate(group = CommonConstants.CONSUMER)
public final class ProviderLoadFilter implements Filter, Filter.Listener {

    /** Extension name in {@code META-INF/dubbo/org.apache.dubbo.rpc.Filter}. */
    public static final String NAME = "dubbo-ai-load";

    /** Invocation attribute holding the call's {@link ProviderLoadTracker.Call}. */
    private static final String CALL = ProviderLoadFilter.class.getName() + ".call";

    private final ProviderLoadTracker tracker;

    /** Created by Dubbo's extension loader with the consumer's module. */
    public ProviderLoadFilter(ModuleModel module) {
        this.tracker = RouterScopeModelInitializer.loadTracker(module.getApplicationModel());
    }

    @Override
    public Result invoke(Invoker<?> invoker, Invocation invocation) throws RpcException {
        if (ProviderFacts.providerParameter(invoker.getUrl(), ModelProviderParams.MODEL) != null) {
            // a failover retry reuses the invocation; the failed attempt's listener has run before the retry starts
            invocation.put(CALL, tracker.started(invoker));
        }
        return invoker.invoke(invocation);
    }

    @Override
    public void onResponse(Result appResponse, Invoker<?> invoker, Invocation invocation) {
        if (invocation.get(CALL) instanceof ProviderLoadTracker.Call call) {
            call.finished(
                    appResponse.getAttachment(ModelAttachments.LOAD_QUEUE),
                    appResponse.getAttachment(ModelAttachments.LOAD_GPU_UTIL));
        }
    }

    @Override
    public void onError(Throwable t, Invoker<?> invoker, Invocation invocation) {
        if (invocation.get(CALL) instanceof ProviderLoadTracker.Call call) {
            call.finished(null, null);
        }
    }
}
