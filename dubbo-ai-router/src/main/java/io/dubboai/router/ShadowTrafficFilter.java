package io.dubboai.router;

import io.dubboai.router.internal.RoutingTable.ShadowTarget;
import org.apache.dubbo.common.constants.CommonConstants;
import org.apache.dubbo.common.extension.Activate;
import org.apache.dubbo.rpc.Invocation;
import org.apache.dubbo.rpc.Invoker;
import org.apache.dubbo.rpc.Result;
import org.apache.dubbo.rpc.RpcException;
import org.apache.dubbo.rpc.RpcInvocation;
import org.apache.dubbo.rpc.cluster.filter.ClusterFilter;
import org.apache.dubbo.rpc.model.ApplicationModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mirrors shadow traffic: after a model call has been sent, a copy of it may go to the route rule's {@code shadow}
 * version, its answer discarded. {@link ModelStateRouter} marks a call that may be mirrored (its model's rule has a
 * shadow step, the call pins neither version nor alias, and it was not routed to the shadow version itself); this
 * cluster filter, which wraps the cluster invoker that did the routing, hands the marked call to the application's
 * {@link ShadowMirror} once the cluster invoker returned, whether the call succeeded or failed. The copy goes through
 * the rest of this filter chain and the same cluster invoker again, pinned to the shadow version.
 *
 * <p>It runs innermost of Dubbo's consumer cluster filters ({@link #ORDER}), so a copy skips Dubbo's consumer metrics,
 * tracing and the method's {@code oninvoke}/{@code onreturn} callbacks: those describe the caller's calls. The
 * provider filters below the cluster (the router's own, and dubbo-ai-monitor's consumer metrics) see the copy as a
 * call of the shadow version.
 */
@Activate(group = CommonConstants.CONSUMER, order = ShadowTrafficFilter.ORDER)
public final class ShadowTrafficFilter implements ClusterFilter {

    /** Extension name in {@code META-INF/dubbo/org.apache.dubbo.rpc.cluster.filter.ClusterFilter}. */
    public static final String NAME = "dubbo-ai-shadow";

    /** Activation order: after Dubbo's consumer cluster filters (order 0 and below), next to the cluster invoker. */
    public static final int ORDER = 10_000;

    /** Invocation attribute under which the router records where the call may be mirrored. */
    static final String TARGET_ATTRIBUTE = ShadowTrafficFilter.class.getName() + ".target";

    private static final Logger log = LoggerFactory.getLogger(ShadowTrafficFilter.class);

    private final ShadowMirror mirror;

    /** Created by Dubbo's extension loader with the consumer's application. */
    public ShadowTrafficFilter(ApplicationModel application) {
        this(RouterScopeModelInitializer.shadowMirror(application));
    }

    /** A filter handing marked calls to {@code mirror} (tests). */
    public ShadowTrafficFilter(ShadowMirror mirror) {
        this.mirror = mirror;
    }

    @Override
    public Result invoke(Invoker<?> invoker, Invocation invocation) throws RpcException {
        try {
            return invoker.invoke(invocation);
        } finally {
            if (invocation.get(TARGET_ATTRIBUTE) instanceof ShadowTarget target
                    && invocation instanceof RpcInvocation call) {
                call.getAttributes().remove(TARGET_ATTRIBUTE);
                try {
                    mirror.offer(invoker, call, target);
                } catch (RuntimeException e) {
                    // offer is written not to throw; if it ever does, the caller's own outcome must stand
                    log.warn(
                            "Could not mirror a call of model '{}' to version '{}'",
                            target.model(),
                            target.version(),
                            e);
                }
            }
        }
    }
}
