package io.dubboai.controlplane.dubbo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dubboai.controlplane.component.ComponentManager;
import io.dubboai.controlplane.component.ComponentState;
import java.time.Duration;
import org.apache.dubbo.config.ApplicationConfig;
import org.apache.dubbo.config.RegistryConfig;
import org.apache.dubbo.config.bootstrap.DubboBootstrap;
import org.apache.dubbo.rpc.model.ApplicationModel;
import org.apache.dubbo.rpc.model.FrameworkModel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A real Dubbo application (no registry, no QoS) hosting the components registered through its SPI. */
class ComponentDeployListenerTest {

    private final FrameworkModel framework = new FrameworkModel();

    @AfterEach
    void destroyFramework() {
        framework.destroy();
    }

    private DubboBootstrap bootstrap(ApplicationModel application) {
        ApplicationConfig config = new ApplicationConfig("dubbo-ai-hosting-test");
        config.setQosEnable(false);
        return DubboBootstrap.getInstance(application).application(config).registry(new RegistryConfig("N/A"));
    }

    @Test
    void dubboApplicationShouldRunItsSpiComponentsUntilItStops() {
        ApplicationModel application = framework.newApplication();
        DubboBootstrap bootstrap = bootstrap(application).start();

        await().atMost(Duration.ofSeconds(20))
                .until(() -> ComponentHosting.managerOf(application).isPresent());
        ComponentManager manager = ComponentHosting.managerOf(application).orElseThrow();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> manager.status("spi-test").orElseThrow().state() == ComponentState.RUNNING);
        assertThat(ComponentHosting.hostOf(application)).contains(ComponentHosting.DUBBO);
        assertThat(manager.isLeader()).as("the default election is single").isTrue();

        bootstrap.stop();

        assertThat(manager.status("spi-test").orElseThrow().state()).isEqualTo(ComponentState.STOPPED);
        assertThat(manager.isLeader()).isFalse();
    }

    @Test
    void listenerShouldStandDownWhenAnotherHostClaimedTheApplication() {
        ApplicationModel application = framework.newApplication();
        assertThat(ComponentHosting.claim(application, ComponentHosting.SPRING)).isTrue();

        DubboBootstrap bootstrap = bootstrap(application).start();
        await().atMost(Duration.ofSeconds(20)).until(bootstrap::isStarted);

        assertThat(ComponentHosting.managerOf(application)).isEmpty();
        assertThat(ComponentHosting.hostOf(application)).contains(ComponentHosting.SPRING);
        assertThat(ComponentHosting.claim(application, ComponentHosting.DUBBO)).isFalse();
        bootstrap.stop();
    }
}
