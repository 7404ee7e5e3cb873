package io.dubboai.server.spring;

import io.dubboai.controlplane.store.ConfigCenterDocumentStore;
import io.dubboai.monitor.control.drift.ReferenceProfiles;
import io.dubboai.monitor.control.drift.ReferenceStore;
import io.dubboai.monitor.control.spring.ModelMonitoringProperties;
import io.dubboai.registry.ModelRegistry;
import org.apache.dubbo.common.config.configcenter.DynamicConfiguration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Keeps the monitoring component's reference profiles with the model versions in the registry (see
 * {@link RegistryReferenceStore}); profiles left in the monitoring documents move over on first read.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass({ReferenceStore.class, ModelRegistry.class})
public class MonitoringReferenceConfiguration {

    @Bean
    ReferenceStore registryReferenceStore(
            ObjectProvider<ModelRegistry> registry,
            ObjectProvider<ModelMonitoringProperties> properties,
            ObjectProvider<DynamicConfiguration> configuration) {
        DynamicConfiguration center = configuration.getIfAvailable();
        ModelMonitoringProperties settings = properties.getIfAvailable(ModelMonitoringProperties::new);
        ReferenceStore legacy = center == null
                ? null
                : new ReferenceProfiles(new ConfigCenterDocumentStore(
                        center,
                        settings.getGroup(),
                        ConfigCenterDocumentStore.DEFAULT_MAX_DOCUMENT_BYTES,
                        "config center"));
        return new RegistryReferenceStore(registry::getIfAvailable, legacy);
    }
}
