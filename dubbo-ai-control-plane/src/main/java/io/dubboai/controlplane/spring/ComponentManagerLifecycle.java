package io.dubboai.controlplane.spring;

import io.dubboai.controlplane.component.ComponentManager;
import io.dubboai.controlplane.dubbo.ComponentHosting;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.dubbo.rpc.model.ApplicationModel;
import org.springframework.context.ApplicationListener;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.Ordered;

/**
 * Ties a {@link ComponentManager} to the Spring context: started with the context's lifecycle beans, stopped on
 * {@link ContextClosedEvent} ahead of other listeners, so the components stop before Dubbo's Spring integration (which
 * also listens for that event) unexports services and closes the registry. Publishes the manager on the Dubbo
 * application through {@link ComponentHosting}.
 */
public class ComponentManagerLifecycle implements SmartLifecycle, ApplicationListener<ContextClosedEvent>, Ordered {

    private final ComponentManager manager;
    private final ApplicationModel application;
    private final AtomicBoolean running = new AtomicBoolean();

    /**
     * @param manager the manager to run
     * @param application the Dubbo application this context's components belong to
     */
    public ComponentManagerLifecycle(ComponentManager manager, ApplicationModel application) {
        this.manager = manager;
        this.application = application;
    }

    /** Starts the manager; its components start in the background. */
    @Override
    public void start() {
        if (running.compareAndSet(false, true)) {
            ComponentHosting.publish(application, manager);
            manager.start();
        }
    }

    /** Stops the components and leaves the election, waiting until done. Idempotent. */
    @Override
    public void stop() {
        if (running.compareAndSet(true, false)) {
            manager.close();
            ComponentHosting.release(application, ComponentHosting.SPRING);
        }
    }

    @Override
    public boolean isRunning() {
        return running.get();
    }

    @Override
    public void onApplicationEvent(ContextClosedEvent event) {
        stop();
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
