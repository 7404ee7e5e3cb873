package io.dubboai.monitor.control.spring;

import io.dubboai.monitor.control.ModelMonitoringComponent;
import io.dubboai.monitor.control.MonitoringSettings;
import io.dubboai.monitor.control.scrape.DubboRegistryDiscovery;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The {@link ModelMonitoringComponent} as a bean (the control plane's {@code ComponentManager} runs it) and its REST
 * API under {@code /api/v1/ai/monitoring}. Off with {@code dubbo.ai.monitoring.enabled=false}; every bean backs off
 * when the application defines its own.
 */
@AutoConfiguration
@ConditionalOnClass(name = "io.dubboai.controlplane.component.Component")
@ConditionalOnProperty(prefix = "dubbo.ai.monitoring", name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties(ModelMonitoringProperties.class)
public class ModelMonitoringAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    ModelMonitoringComponent modelMonitoringComponent(
            ModelMonitoringProperties properties, Environment environment, ObjectProvider<Clock> clock) {
        String registry = properties.getRegistryAddress() != null
                ? properties.getRegistryAddress()
                : environment.getProperty("dubbo.registry.address");
        MonitoringSettings settings = new MonitoringSettings(
                registry,
                properties.getScrape().getInterval(),
                properties.getScrape().getTimeout(),
                properties.getScrape().getRetention(),
                properties.getPrometheus().getUrl(),
                properties.getPrometheus().getTimeout());
        return new ModelMonitoringComponent(
                settings, DubboRegistryDiscovery::new, clock.getIfAvailable(Clock::systemUTC));
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    @ConditionalOnClass(name = "org.springframework.web.servlet.DispatcherServlet")
    static class WebConfiguration {

        @Bean
        MonitoringController monitoringController(ModelMonitoringComponent component) {
            return new MonitoringController(component);
        }

        @Bean
        MonitoringProblemHandler monitoringProblemHandler() {
            return new MonitoringProblemHandler();
        }
    }
}
