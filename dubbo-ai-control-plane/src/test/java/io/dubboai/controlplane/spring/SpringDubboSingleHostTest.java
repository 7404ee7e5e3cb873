package io.dubboai.controlplane.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dubboai.controlplane.component.ComponentManager;
import io.dubboai.controlplane.component.ComponentState;
import io.dubboai.controlplane.dubbo.ComponentHosting;
import java.time.Duration;
import org.apache.dubbo.config.ApplicationConfig;
import org.apache.dubbo.config.RegistryConfig;
import org.apache.dubbo.config.spring.context.annotation.EnableDubbo;
import org.apache.dubbo.rpc.model.ApplicationModel;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A Spring application with Dubbo's own Spring integration ({@code @EnableDubbo}): Dubbo starts on context refresh and
 * its deploy listener would host the components too. Exactly one manager must run, the Spring one.
 */
class SpringDubboSingleHostTest {

    @Configuration(proxyBeanMethods = false)
    @EnableDubbo(scanBasePackages = "io.dubboai.controlplane.spring.nothing")
    static class DubboApplication {

        @Bean
        ApplicationConfig applicationConfig() {
            ApplicationConfig application = new ApplicationConfig("dubbo-ai-spring-host-test");
            application.setQosEnable(false);
            return application;
        }

        @Bean
        RegistryConfig registryConfig() {
            return new RegistryConfig("N/A");
        }
    }

    @Test
    void dubboListenerShouldStandDownWhenSpringHostsTheComponents() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(DubboAiComponentsAutoConfiguration.class))
                .withUserConfiguration(DubboApplication.class)
                .withPropertyValues("dubbo.ai.election.identity=spring-node")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    ApplicationModel application = context.getBean(ApplicationModel.class);
                    await().atMost(Duration.ofSeconds(20))
                            .until(() -> application.getDeployer().isStarted());

                    // Dubbo has started, so its listener has run: had it hosted the components, it would have
                    // claimed the application and published its own manager
                    ComponentManager manager = context.getBean(ComponentManager.class);
                    assertThat(ComponentHosting.hostOf(application)).contains(ComponentHosting.SPRING);
                    assertThat(ComponentHosting.managerOf(application)).containsSame(manager);
                    await().atMost(Duration.ofSeconds(10))
                            .until(() ->
                                    manager.status("spi-test").orElseThrow().state() == ComponentState.RUNNING);
                });
    }
}
