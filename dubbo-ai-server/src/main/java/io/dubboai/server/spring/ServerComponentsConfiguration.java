package io.dubboai.server.spring;

import io.dubboai.core.component.BackoffConfig;
import io.dubboai.core.component.Component;
import io.dubboai.core.component.ComponentManager;
import io.dubboai.core.election.ElectionSettings;
import io.dubboai.core.election.ElectionType;
import io.dubboai.core.election.KubernetesElectionSettings;
import io.dubboai.core.election.LeaderElections;
import io.dubboai.core.election.ZooKeeperElectionSettings;
import io.dubboai.server.config.ServerRuntime;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Hosts every {@link Component} bean of the application (from the server, the modules on its class path and the
 * plugin jars) in one {@link ComponentManager}, joined to the election the deploy mode chose. The manager starts when
 * the application is ready (so a component may call the server's own API) and stops, leaving the election, when it
 * closes. It backs off when the application already defines a {@link ComponentManager}.
 */
@Configuration(proxyBeanMethods = false)
public class ServerComponentsConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ServerComponentsConfiguration.class);

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    ComponentManager componentManager(ObjectProvider<Component> components, ServerRuntime runtime, Environment env) {
        List<Component> all = components.orderedStream().toList();
        ElectionSettings election = electionSettings(runtime, env);
        log.info(
                "Hosting {} component(s) {} as node '{}' with {} election",
                all.size(),
                all.stream().map(Component::name).toList(),
                election.identity(),
                election.type().configName());
        return ComponentManager.create(all, LeaderElections.create(election), BackoffConfig.DEFAULTS);
    }

    @Bean
    ApplicationListener<ApplicationReadyEvent> componentManagerStarter(ObjectProvider<ComponentManager> manager) {
        return event -> manager.ifAvailable(ComponentManager::start);
    }

    /** The election the deploy mode chose, on the registry's ZooKeeper or the pod's namespace Lease. */
    static ElectionSettings electionSettings(ServerRuntime runtime, Environment env) {
        String identity = env.getProperty("dubbo.ai.election.identity", ElectionSettings.defaultIdentity());
        ElectionType type = runtime.settings().election();
        return switch (type) {
            case SINGLE -> ElectionSettings.single(identity);
            case ZOOKEEPER ->
                new ElectionSettings(type, identity, ZooKeeperElectionSettings.of(runtime.registryAddress()), null);
            case KUBERNETES -> new ElectionSettings(type, identity, null, KubernetesElectionSettings.defaults());
        };
    }
}
