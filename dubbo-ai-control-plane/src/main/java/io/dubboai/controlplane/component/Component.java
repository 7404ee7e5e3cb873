package io.dubboai.controlplane.component;

import org.apache.dubbo.common.extension.SPI;

/**
 * A unit of the control plane that the {@link ComponentManager} starts and stops: the model registry, the
 * deployment controller, the monitoring loop, the experiment engine.
 *
 * <p>Components are discovered through Dubbo's {@link SPI} mechanism (a line {@code name=class} in
 * {@code META-INF/dubbo/io.dubboai.controlplane.component.Component}) or, in a Spring Boot application, as beans.
 *
 * <p>Threading: {@link #start()} and {@link #stop()} are called by the manager from its own executor, never
 * concurrently for one component, and never while the manager holds a lock.
 */
@SPI
public interface Component {

    /** Unique, stable name, e.g. {@code model-registry}; used in logs and the status API. */
    String name();

    /**
     * Whether this component may run only on the elected leader (it writes shared state in the background:
     * reconcilers, garbage collection, analysis loops). Components that only serve reads run on every node.
     */
    default boolean needsLeadership() {
        return false;
    }

    /** Start order: lower first; stopped in reverse. Default 0. */
    default int order() {
        return 0;
    }

    /**
     * Starts the component. Throwing marks it failed; the manager retries with back-off and reports the error.
     * Must not block for long: long-running work belongs on the component's own threads.
     */
    void start() throws Exception;

    /** Stops the component and releases its threads. Called once per successful start; must be idempotent. */
    void stop() throws Exception;
}
