package io.dubboai.router;

import io.dubboai.router.metrics.RouterMetrics;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.dubbo.common.deploy.ApplicationDeployListener;
import org.apache.dubbo.common.utils.ClassUtils;
import org.apache.dubbo.rpc.model.ApplicationModel;
import org.jspecify.annotations.Nullable;

/**
 * Publishes the application's router counters ({@link RouterMetrics#bindToGlobalRegistry}) when it starts, if
 * Micrometer is on the class path, and removes them when it stops. Binding waits for the start because the meter's
 * {@code application} tag needs the application's name, which its configuration supplies only then. Registered in
 * {@code META-INF/dubbo/org.apache.dubbo.common.deploy.ApplicationDeployListener}; one instance per application.
 *
 * <p>This class names no Micrometer type, so it loads without Micrometer; {@link RouterMetrics} is touched only after
 * the class-path check.
 */
public final class RouterMetricsDeployListener implements ApplicationDeployListener {

    /** Extension name in {@code META-INF/dubbo/org.apache.dubbo.common.deploy.ApplicationDeployListener}. */
    public static final String NAME = "dubbo-ai-router-metrics";

    private static final boolean MICROMETER_PRESENT = ClassUtils.isPresent(
            "io.micrometer.core.instrument.Metrics", RouterMetricsDeployListener.class.getClassLoader());

    private final AtomicReference<@Nullable Runnable> unbind = new AtomicReference<>();

    @Override
    public void onInitialize(ApplicationModel application) {}

    @Override
    public void onStarting(ApplicationModel application) {
        bind(application);
    }

    @Override
    public void onStarted(ApplicationModel application) {
        // an application started only through its modules (ReferenceConfig.get) may skip onStarting
        bind(application);
    }

    @Override
    public void onStopping(ApplicationModel application) {}

    @Override
    public void onStopped(ApplicationModel application) {
        unbind();
    }

    @Override
    public void onFailure(ApplicationModel application, Throwable cause) {
        unbind();
    }

    private void bind(ApplicationModel application) {
        if (MICROMETER_PRESENT && unbind.get() == null) {
            // a concurrent second binding gets the same meter (one per name and tags): losing the race loses nothing
            unbind.compareAndSet(null, RouterMetrics.bindToGlobalRegistry(application));
        }
    }

    private void unbind() {
        Runnable bound = unbind.getAndSet(null);
        if (bound != null) {
            bound.run();
        }
    }
}
