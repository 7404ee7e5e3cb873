package io.dubboai.controlplane.dubbo;

import io.dubboai.controlplane.component.Component;
import io.dubboai.controlplane.component.ComponentManager;
import io.dubboai.controlplane.election.ElectionSettings;
import io.dubboai.controlplane.election.LeaderElections;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.dubbo.common.config.Configuration;
import org.apache.dubbo.common.deploy.ApplicationDeployListener;
import org.apache.dubbo.config.RegistryConfig;
import org.apache.dubbo.rpc.model.ApplicationModel;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the components of a plain Dubbo application: when the application has started, it discovers every {@link
 * Component} registered through Dubbo's SPI ({@code META-INF/dubbo/io.dubboai.controlplane.component.Component}), joins the
 * leader election configured under {@code dubbo.ai.election.*} (default {@code single}; the {@code zookeeper}
 * election defaults to the application's {@code zookeeper://} registry) and starts a {@link ComponentManager}; when
 * the application stops, it stops the manager before Dubbo unexports its services.
 *
 * <p>It stands down when another host claimed the application through {@link ComponentHosting} (the Spring Boot
 * auto-configuration does, while the Spring context is created, which is before Dubbo starts), or when {@code
 * dubbo.ai.components.enabled=false}. Registered in {@code
 * META-INF/dubbo/org.apache.dubbo.common.deploy.ApplicationDeployListener}; one instance per application.
 */
public class ComponentDeployListener implements ApplicationDeployListener {

    private static final Logger log = LoggerFactory.getLogger(ComponentDeployListener.class);

    private final AtomicReference<@Nullable ComponentManager> manager = new AtomicReference<>();

    @Override
    public void onInitialize(ApplicationModel application) {}

    @Override
    public void onStarting(ApplicationModel application) {}

    @Override
    public void onStarted(ApplicationModel application) {
        Configuration configuration = application.modelEnvironment().getConfiguration();
        DubboComponentSettings settings = new DubboComponentSettings(configuration::getString);
        if (!settings.enabled()) {
            log.info("dubbo.ai.components.enabled is false: no components run in '{}'", application.getDesc());
            return;
        }
        if (manager.get() != null) {
            return;
        }
        List<Component> components =
                new ArrayList<>(application.getExtensionLoader(Component.class).getSupportedExtensionInstances());
        if (components.isEmpty()) {
            // Consumers and model providers carry the core jar but no components: no manager, no election thread.
            log.debug("No components registered in '{}'; nothing to host", application.getDesc());
            return;
        }
        if (!ComponentHosting.claim(application, ComponentHosting.DUBBO)) {
            log.info(
                    "The components of '{}' are hosted by {}; the Dubbo deploy listener stands down",
                    application.getDesc(),
                    ComponentHosting.hostOf(application).orElse("another host"));
            return;
        }
        ElectionSettings election;
        try {
            election = settings.election(registryAddress(application));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(
                    "Cannot run the components of '" + application.getDesc() + "': " + e.getMessage(), e);
        }
        ComponentManager created =
                ComponentManager.create(components, LeaderElections.create(election), settings.backoff());
        if (!manager.compareAndSet(null, created)) {
            created.close();
            return;
        }
        ComponentHosting.publish(application, created);
        log.info(
                "Hosting {} components of '{}' with {} leader election as '{}'",
                components.size(),
                application.getDesc(),
                election.type().configName(),
                election.identity());
        created.start().exceptionally(failure -> {
            log.error("The components of '{}' could not join their leader election", application.getDesc(), failure);
            return null;
        });
    }

    @Override
    public void onStopping(ApplicationModel application) {
        stop(application);
    }

    @Override
    public void onStopped(ApplicationModel application) {
        stop(application);
    }

    @Override
    public void onFailure(ApplicationModel application, Throwable cause) {
        stop(application);
    }

    private void stop(ApplicationModel application) {
        ComponentManager running = manager.getAndSet(null);
        if (running != null) {
            running.close();
            ComponentHosting.release(application, ComponentHosting.DUBBO);
        }
    }

    private static @Nullable String registryAddress(ApplicationModel application) {
        for (RegistryConfig registry : application.getApplicationConfigManager().getRegistries()) {
            String address = registry.getAddress();
            if (address != null && address.startsWith("zookeeper://")) {
                return address;
            }
            if (address != null && "zookeeper".equals(registry.getProtocol())) {
                return "zookeeper://" + address;
            }
        }
        return null;
    }
}
