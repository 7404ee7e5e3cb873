package io.dubboai.router;

import java.util.concurrent.ThreadLocalRandom;
import org.apache.dubbo.rpc.model.ApplicationModel;
import org.apache.dubbo.rpc.model.FrameworkModel;
import org.apache.dubbo.rpc.model.ModuleModel;
import org.apache.dubbo.rpc.model.ScopeModelDestroyListener;
import org.apache.dubbo.rpc.model.ScopeModelInitializer;

/**
 * Registers one {@link ModelRuleManager} per Dubbo module (reading the config center of the module's application)
 * and one {@link ProviderLoadTracker} and one {@link ShadowMirror} per application, and stops the manager and the
 * mirror when their model is destroyed.
 */
public final class RouterScopeModelInitializer implements ScopeModelInitializer {

    @Override
    public void initializeFrameworkModel(FrameworkModel frameworkModel) {}

    @Override
    public void initializeApplicationModel(ApplicationModel applicationModel) {
        loadTracker(applicationModel);
        shadowMirror(applicationModel);
    }

    @Override
    public void initializeModuleModel(ModuleModel moduleModel) {
        ruleManager(moduleModel);
    }

    /** The module's rule manager, created on first use. */
    static ModelRuleManager ruleManager(ModuleModel module) {
        return module.getBeanFactory().getOrRegisterBean(ModelRuleManager.class, type -> {
            ModelRuleManager manager = new ModelRuleManager(
                    () -> module.getApplicationModel().modelEnvironment().getDynamicConfiguration());
            module.addDestroyListener(new StopOnDestroy(manager));
            return manager;
        });
    }

    /** The application's load tracker, created on first use. */
    static ProviderLoadTracker loadTracker(ApplicationModel application) {
        return application
                .getBeanFactory()
                .getOrRegisterBean(ProviderLoadTracker.class, type -> new ProviderLoadTracker(System::nanoTime));
    }

    /**
     * The application's shadow-traffic sender, created on first use; its settings are read from the application's
     * configuration when the first copy is sent, and its threads end when the application is destroyed.
     */
    static ShadowMirror shadowMirror(ApplicationModel application) {
        return application.getBeanFactory().getOrRegisterBean(ShadowMirror.class, type -> {
            ShadowMirror mirror = new ShadowMirror(
                    () -> ShadowSettings.from(application.modelEnvironment().getConfiguration()),
                    () -> ThreadLocalRandom.current().nextDouble(),
                    System::nanoTime);
            application.addDestroyListener(scope -> mirror.stop());
            return mirror;
        });
    }

    private record StopOnDestroy(ModelRuleManager manager) implements ScopeModelDestroyListener<ModuleModel> {
        @Override
        public void onDestroy(ModuleModel scopeModel) {
            manager.stop();
        }
    }
}
