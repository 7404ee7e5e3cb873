package io.dubboai.monitor.control.spring;

import io.dubboai.controlplane.store.ConfigCenterDocumentStore;
import io.dubboai.controlplane.store.DocumentStore;
import io.dubboai.monitor.control.ModelMonitoringComponent;
import io.dubboai.monitor.control.MonitoringSettings;
import io.dubboai.monitor.control.alert.AlertAction;
import io.dubboai.monitor.control.alert.AlertingSettings;
import io.dubboai.monitor.control.alert.ModelAlertingComponent;
import io.dubboai.monitor.control.drift.DriftReports;
import io.dubboai.monitor.control.drift.ReferenceProfiles;
import io.dubboai.monitor.control.drift.SketchFetcher;
import io.dubboai.monitor.control.scrape.DubboRegistryDiscovery;
import io.dubboai.monitor.drift.DriftDetector;
import java.time.Clock;
import org.apache.dubbo.common.config.configcenter.DynamicConfiguration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
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
@AutoConfiguration(afterName = "io.dubboai.registry.spring.ModelRegistryAutoConfiguration")
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

    /**
     * SLO alerting on the leader, its documents in the config center's group {@code dubbo-ai-monitoring} (or in the
     * application's {@link DocumentStore} bean); actions are the application's {@link AlertAction} beans. Needs a
     * config center ({@link DynamicConfiguration} bean, e.g. the registry's); off without one.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.apache.dubbo.common.config.configcenter.DynamicConfiguration")
    @ConditionalOnBean(DynamicConfiguration.class)
    @ConditionalOnProperty(prefix = "dubbo.ai.monitoring.alerting", name = "enabled", matchIfMissing = true)
    static class AlertingConfiguration {

        @Bean
        @ConditionalOnMissingBean
        ModelAlertingComponent modelAlertingComponent(
                ModelMonitoringProperties properties,
                ModelMonitoringComponent monitoring,
                DynamicConfiguration configuration,
                ObjectProvider<DocumentStore> documentStore,
                ObjectProvider<AlertAction> actions,
                ObjectProvider<Clock> clock) {
            AlertingSettings settings = properties.getAlerting().toSettings();
            DocumentStore store = documentStore.getIfAvailable(() -> new ConfigCenterDocumentStore(
                    configuration,
                    properties.getGroup(),
                    ConfigCenterDocumentStore.DEFAULT_MAX_DOCUMENT_BYTES,
                    "config center"));
            return new ModelAlertingComponent(
                    settings,
                    store,
                    monitoring::sli,
                    settings.notifiers(),
                    actions.orderedStream().toList(),
                    clock.getIfAvailable(Clock::systemUTC));
        }
    }

    /** Drift reports, their reference profiles in the config center's group {@code dubbo-ai-monitoring}. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.apache.dubbo.common.config.configcenter.DynamicConfiguration")
    @ConditionalOnBean(DynamicConfiguration.class)
    static class DriftConfiguration {

        @Bean
        @ConditionalOnMissingBean
        DriftReports driftReports(
                ModelMonitoringProperties properties,
                ModelMonitoringComponent monitoring,
                DynamicConfiguration configuration,
                ObjectProvider<Clock> clock) {
            DocumentStore store = new ConfigCenterDocumentStore(
                    configuration,
                    properties.getGroup(),
                    ConfigCenterDocumentStore.DEFAULT_MAX_DOCUMENT_BYTES,
                    "config center");
            return new DriftReports(
                    new SketchFetcher(
                            monitoring::discovered, properties.getScrape().getTimeout()),
                    new ReferenceProfiles(store),
                    DriftDetector.withDefaults(),
                    clock.getIfAvailable(Clock::systemUTC));
        }
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
        AlertingController alertingController(ObjectProvider<ModelAlertingComponent> alerting) {
            return new AlertingController(alerting);
        }

        @Bean
        DriftController driftController(ObjectProvider<DriftReports> reports) {
            return new DriftController(reports);
        }

        @Bean
        MonitoringProblemHandler monitoringProblemHandler() {
            return new MonitoringProblemHandler();
        }
    }
}
