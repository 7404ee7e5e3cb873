package io.dubboai.controlplane.spring;

import io.dubboai.controlplane.component.BackoffConfig;
import io.dubboai.controlplane.component.Component;
import io.dubboai.controlplane.component.ComponentManager;
import io.dubboai.controlplane.dubbo.ComponentHosting;
import io.dubboai.controlplane.election.ElectionSettings;
import io.dubboai.controlplane.election.ElectionType;
import io.dubboai.controlplane.election.KubernetesElectionSettings;
import io.dubboai.controlplane.election.LeaderElection;
import io.dubboai.controlplane.election.LeaderElections;
import io.dubboai.controlplane.election.LeaseElectionSettings;
import io.dubboai.controlplane.election.ZooKeeperElectionSettings;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.dubbo.rpc.model.ApplicationModel;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Runs the dubbo-ai components of a Spring Boot application: a {@link LeaderElection} from {@code dubbo.ai.election.*},
 * a {@link ComponentManager} over every {@link Component} bean plus those registered through Dubbo's SPI, and a {@link
 * ComponentManagerLifecycle} that starts and stops it with the context. Each bean backs off when the application
 * defines its own; {@code dubbo.ai.components.enabled=false} turns it all off.
 *
 * <p>One host per application: while the context is created it claims the Dubbo application (the {@code
 * ApplicationModel} bean of Dubbo's Spring integration, else Dubbo's default one) through {@link ComponentHosting}, so
 * Dubbo's own {@code ComponentDeployListener} stands down when Dubbo starts later.
 */
@AutoConfiguration
@ConditionalOnProperty(prefix = "dubbo.ai.components", name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties(DubboAiProperties.class)
public class DubboAiComponentsAutoConfiguration {

    private static final Logger log = LoggerFactory.getLogger(DubboAiComponentsAutoConfiguration.class);

    /** The election configured by {@code dubbo.ai.election.*}; not started (the manager starts it). */
    @Bean
    @ConditionalOnMissingBean
    public LeaderElection dubboAiLeaderElection(DubboAiProperties properties, Environment environment) {
        return LeaderElections.create(
                electionSettings(properties.getElection(), environment.getProperty("dubbo.registry.address")));
    }

    /** The manager of the Component beans and the SPI-registered components. */
    @Bean
    @ConditionalOnMissingBean
    public ComponentManager dubboAiComponentManager(
            LeaderElection election,
            ObjectProvider<Component> componentBeans,
            ObjectProvider<ApplicationModel> applicationModel,
            DubboAiProperties properties) {
        List<Component> components =
                new ArrayList<>(componentBeans.orderedStream().toList());
        if (properties.getComponents().isSpiDiscovery()) {
            Set<String> names = new HashSet<>();
            components.forEach(component -> names.add(component.name()));
            ApplicationModel application = applicationModel.getIfAvailable(ApplicationModel::defaultModel);
            for (Component discovered :
                    application.getExtensionLoader(Component.class).getSupportedExtensionInstances()) {
                if (names.add(discovered.name())) {
                    components.add(discovered);
                } else {
                    log.info(
                            "Component '{}' is both a bean and registered through Dubbo's SPI; the bean is used",
                            discovered.name());
                }
            }
        }
        return ComponentManager.create(
                components, election, backoff(properties.getComponents().getBackoff()));
    }

    /** Starts and stops the manager with the context, and claims the Dubbo application for Spring. */
    @Bean
    @ConditionalOnMissingBean
    public ComponentManagerLifecycle dubboAiComponentManagerLifecycle(
            ComponentManager manager, ObjectProvider<ApplicationModel> applicationModel) {
        ApplicationModel application = applicationModel.getIfAvailable(ApplicationModel::defaultModel);
        if (!ComponentHosting.claim(application, ComponentHosting.SPRING)) {
            throw new IllegalStateException("The components of Dubbo application '" + application.getDesc()
                    + "' are already hosted by "
                    + ComponentHosting.hostOf(application).orElse("another host")
                    + "; run them in one place: set dubbo.ai.components.enabled=false in one of the two");
        }
        return new ComponentManagerLifecycle(manager, application);
    }

    static ElectionSettings electionSettings(DubboAiProperties.Election election, @Nullable String registryAddress) {
        ElectionType type = ElectionType.fromName(election.getType());
        String configured = election.getIdentity();
        String identity = configured == null || configured.isBlank() ? ElectionSettings.defaultIdentity() : configured;
        DubboAiProperties.ZooKeeper zookeeper = election.getZookeeper();
        String address = zookeeper.getAddress();
        if ((address == null || address.isBlank())
                && registryAddress != null
                && registryAddress.startsWith("zookeeper://")) {
            address = registryAddress;
        }
        ZooKeeperElectionSettings zookeeperSettings = type != ElectionType.ZOOKEEPER || address == null
                ? null
                : new ZooKeeperElectionSettings(
                        address, zookeeper.getPath(), zookeeper.getSessionTimeout(), zookeeper.getConnectionTimeout());
        DubboAiProperties.Kubernetes kubernetes = election.getKubernetes();
        KubernetesElectionSettings kubernetesSettings = type != ElectionType.KUBERNETES
                ? null
                : new KubernetesElectionSettings(
                        kubernetes.getNamespace(),
                        kubernetes.getLeaseName(),
                        kubernetes.getLeaseDuration(),
                        kubernetes.getRenewDeadline(),
                        kubernetes.getRetryPeriod());
        DubboAiProperties.Lease lease = election.getLease();
        String leaseAddress =
                lease.getAddress() == null || lease.getAddress().isBlank() ? registryAddress : lease.getAddress();
        LeaseElectionSettings leaseSettings = type != ElectionType.LEASE || leaseAddress == null
                ? null
                : new LeaseElectionSettings(
                        leaseAddress,
                        lease.getGroup(),
                        lease.getLeaseName(),
                        lease.getLeaseDuration(),
                        lease.getRenewDeadline(),
                        lease.getRetryPeriod());
        return new ElectionSettings(type, identity, zookeeperSettings, kubernetesSettings, leaseSettings);
    }

    static BackoffConfig backoff(DubboAiProperties.Backoff backoff) {
        return new BackoffConfig(
                backoff.getInitialDelay(), backoff.getMaxDelay(), backoff.getMultiplier(), backoff.getJitter());
    }
}
