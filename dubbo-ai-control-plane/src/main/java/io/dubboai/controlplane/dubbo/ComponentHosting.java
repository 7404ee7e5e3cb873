package io.dubboai.controlplane.dubbo;

import io.dubboai.controlplane.component.ComponentManager;
import java.util.Objects;
import java.util.Optional;
import org.apache.dubbo.rpc.model.ApplicationModel;

/**
 * Which host runs the components of a Dubbo application, recorded as attributes of its {@link ApplicationModel}: at
 * most one {@link ComponentManager} per application. Whoever hosts (the Spring Boot auto-configuration or the {@link
 * ComponentDeployListener}) claims the application first; the other stands down. The status API finds the manager
 * through {@link #managerOf}.
 */
public final class ComponentHosting {

    /** Attribute naming the host that claimed the application: {@value #SPRING} or {@value #DUBBO}. */
    public static final String HOST_ATTRIBUTE = "dubbo.ai.components.host";
    /** Attribute holding the application's {@link ComponentManager}. */
    public static final String MANAGER_ATTRIBUTE = "dubbo.ai.components.manager";
    /** The Spring Boot auto-configuration hosts the components. */
    public static final String SPRING = "spring";
    /** The Dubbo deploy listener hosts the components. */
    public static final String DUBBO = "dubbo";

    private ComponentHosting() {}

    /**
     * Claims {@code application} for {@code host}.
     *
     * @return {@code true} if this host may run the components; {@code false} if another host claimed it
     */
    public static boolean claim(ApplicationModel application, String host) {
        Objects.requireNonNull(host, "host");
        synchronized (application) {
            Object current = application.getAttribute(HOST_ATTRIBUTE);
            if (current != null && !current.equals(host)) {
                return false;
            }
            application.setAttribute(HOST_ATTRIBUTE, host);
            return true;
        }
    }

    /** The host that claimed {@code application}, if any. */
    public static Optional<String> hostOf(ApplicationModel application) {
        return Optional.ofNullable(application.getAttribute(HOST_ATTRIBUTE, String.class));
    }

    /** Publishes the manager of {@code application}. */
    public static void publish(ApplicationModel application, ComponentManager manager) {
        application.setAttribute(MANAGER_ATTRIBUTE, manager);
    }

    /** Withdraws the claim of {@code host} and its published manager; nothing happens if another host holds it. */
    public static void release(ApplicationModel application, String host) {
        synchronized (application) {
            if (host.equals(application.getAttribute(HOST_ATTRIBUTE))) {
                application.getAttributes().remove(HOST_ATTRIBUTE);
                application.getAttributes().remove(MANAGER_ATTRIBUTE);
            }
        }
    }

    /** The component manager running for {@code application}, if one was published. */
    public static Optional<ComponentManager> managerOf(ApplicationModel application) {
        return Optional.ofNullable(application.getAttribute(MANAGER_ATTRIBUTE, ComponentManager.class));
    }
}
