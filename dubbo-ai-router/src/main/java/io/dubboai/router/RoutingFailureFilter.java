package io.dubboai.router;

import org.apache.dubbo.common.constants.CommonConstants;
import org.apache.dubbo.common.extension.Activate;
import org.apache.dubbo.rpc.Invocation;
import org.apache.dubbo.rpc.Invoker;
import org.apache.dubbo.rpc.Result;
import org.apache.dubbo.rpc.RpcException;
import org.apache.dubbo.rpc.cluster.filter.ClusterFilter;

/**
 * Gives the caller the router's reason when a model call has no provider. Dubbo's directory catches exceptions
 * thrown by routers and reports a generic "No provider available"; so {@link ModelStateRouter} records its
 * {@link NoModelProviderException} on the invocation and routes to nobody, and this cluster filter, which wraps the
 * cluster invoker that did the routing, throws the recorded exception instead (Dubbo's own exception is kept as a
 * suppressed one). Calls that fail for any other reason pass through untouched.
 */
@Activate(group = CommonConstants.CONSUMER)
public final class RoutingFailureFilter implements ClusterFilter {

    /** Extension name in {@code META-INF/dubbo/org.apache.dubbo.rpc.cluster.filter.ClusterFilter}. */
    public static final String NAME = "dubbo-ai-routing-failure";

    /** Invocation attribute under which the router records why it found no provider. */
    static final String FAILURE_ATTRIBUTE = RoutingFailureFilter.class.getName() + ".failure";

    @Override
    public Result invoke(Invoker<?> invoker, Invocation invocation) throws RpcException {
        try {
            return invoker.invoke(invocation);
        } catch (RpcException e) {
            if (invocation.get(FAILURE_ATTRIBUTE) instanceof NoModelProviderException failure) {
                failure.addSuppressed(e);
                throw failure;
            }
            throw e;
        }
    }
}
