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

/**
 * Consumer filter that tells a model provider which version the router chose: it runs on the provider invoker the
 * router and load balancer picked and puts that provider's model version into {@link ModelAttachments#ROUTED_VERSION}.
 * A model host registers one provider URL per loaded version on one port, so without it a host holding two versions
 * of one model could not tell which of its URLs a call was routed to. A failover retry reuses the invocation; the
 * attachment is rewritten for the invoker of each attempt. Calls to providers without a model version carry none.
 */
@Activate(group = CommonConstants.CONSUMER)
public final class RoutedVersionFilter implements Filter {

    /** Extension name in {@code META-INF/dubbo/org.apache.dubbo.rpc.Filter}. */
    public static final String NAME = "dubbo-ai-routed-version";

    @Override
    public Result invoke(Invoker<?> invoker, Invocation invocation) throws RpcException {
        String version = ProviderFacts.providerParameter(invoker.getUrl(), ModelProviderParams.MODEL_VERSION);
        if (version != null && ProviderFacts.providerParameter(invoker.getUrl(), ModelProviderParams.MODEL) != null) {
            invocation.setAttachment(ModelAttachments.ROUTED_VERSION, version);
        }
        return invoker.invoke(invocation);
    }
}
