package io.dubboai.router;

import org.apache.dubbo.common.URL;
import org.apache.dubbo.common.extension.Activate;
import org.apache.dubbo.rpc.cluster.router.state.StateRouter;
import org.apache.dubbo.rpc.cluster.router.state.StateRouterFactory;
import org.apache.dubbo.rpc.model.ModuleModel;

/**
 * Adds {@link ModelStateRouter} to every router chain. Order {@value #ORDER}: after Dubbo's mock (-100) and mesh
 * (-50) routers, before the tag (100) and condition routers (service 140, app 150), so the version is chosen first and
 * tag or condition rules can still narrow the chosen version's providers.
 *
 * <p>A new router per call: Dubbo asks once per chain (main and backup), and each chain notifies its router with
 * its own list; sharing one instance between them (as {@code CacheableStateRouterFactory} does) would let one
 * chain's notification replace the other's pools.
 */
@Activate(order = ModelRouterFactory.ORDER)
public final class ModelRouterFactory implements StateRouterFactory {

    /** Extension name in {@code META-INF/dubbo/org.apache.dubbo.rpc.cluster.router.state.StateRouterFactory}. */
    public static final String NAME = "dubbo-ai-model";

    /** Activation order among Dubbo's state routers. */
    public static final int ORDER = 50;

    @Override
    public <T> StateRouter<T> getRouter(Class<T> interfaceClass, URL url) {
        ModuleModel module = url.getOrDefaultModuleModel();
        ModelRuleManager rules = RouterScopeModelInitializer.ruleManager(module);
        return new ModelStateRouter<>(url, rules);
    }
}
