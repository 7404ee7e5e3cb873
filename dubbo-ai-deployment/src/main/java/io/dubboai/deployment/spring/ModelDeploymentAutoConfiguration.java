package io.dubboai.deployment.spring;

import io.dubboai.controlplane.rule.RouteRuleEditor;
import io.dubboai.deployment.rule.RouteRuleService;
import org.apache.dubbo.common.config.configcenter.DynamicConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Sets up the deployment module in a Spring Boot application. Today: the route-rule API
 * ({@code /api/v1/ai/models/{model}/route-rule}) on the config center the routers read, which is the application's
 * {@link DynamicConfiguration} bean (the model registry's, opened from {@code dubbo.ai.registry.store.address}, when
 * the registry is present; or the application's own). Without such a bean the module stays off. Every bean backs off
 * when the application defines its own.
 *
 * <p>Who may call the API is the host's business: the admin server lets viewers read and operators write, and audits
 * every write. An application without authentication in front exposes writes to anyone who can reach it.
 */
@AutoConfiguration(afterName = "io.dubboai.registry.spring.ModelRegistryAutoConfiguration")
@ConditionalOnClass(DynamicConfiguration.class)
@ConditionalOnProperty(prefix = "dubbo.ai.deployment", name = "enabled", matchIfMissing = true)
@ConditionalOnBean(DynamicConfiguration.class)
@EnableConfigurationProperties(ModelDeploymentProperties.class)
public class ModelDeploymentAutoConfiguration {

    /** The one route-rule editor of this application, on the routers' config center. */
    @Bean
    @ConditionalOnMissingBean
    RouteRuleEditor routeRuleEditor(DynamicConfiguration configuration) {
        return RouteRuleEditor.on(configuration);
    }

    @Bean
    @ConditionalOnMissingBean
    RouteRuleService routeRuleService(RouteRuleEditor editor) {
        return new RouteRuleService(editor);
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    @ConditionalOnClass(name = "org.springframework.web.servlet.DispatcherServlet")
    static class WebConfiguration {

        @Bean
        RouteRuleController routeRuleController(RouteRuleService rules) {
            return new RouteRuleController(rules);
        }

        @Bean
        RouteRuleProblemHandler routeRuleProblemHandler() {
            return new RouteRuleProblemHandler();
        }
    }
}
