package io.dubboai.server.spring;

import io.dubboai.registry.ModelAccessPolicy;
import io.dubboai.registry.ModelRegistry;
import io.dubboai.registry.RegisteredModel;
import io.dubboai.server.security.ApiPrincipal;
import io.dubboai.server.security.Role;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Ties the model registry (when it is on the class path) to the server's security: only a model's owner or an admin
 * may change it, through the REST API and the MLflow API alike. The registry asks this policy before every write to
 * an existing model and answers 403 ({@code PERMISSION_DENIED} for MLflow clients) when it refuses.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(ModelRegistry.class)
public class RegistrySecurityConfiguration {

    @Bean
    ModelAccessPolicy serverModelAccessPolicy() {
        return RegistrySecurityConfiguration::checkWrite;
    }

    /**
     * Allows admins and the owner. Writes made outside an authenticated request (the registry's own background work)
     * are not user actions and are allowed.
     */
    static void checkWrite(String actor, RegisteredModel model) {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication == null || !(authentication.getPrincipal() instanceof ApiPrincipal principal)) {
            return;
        }
        if (principal.role() == Role.ADMIN || principal.name().equals(model.owner())) {
            return;
        }
        throw new SecurityException("Model '" + model.name() + "' is owned by '" + model.owner() + "'; only its owner"
                + " or an admin may change it (you are '" + principal.name() + "')");
    }
}
