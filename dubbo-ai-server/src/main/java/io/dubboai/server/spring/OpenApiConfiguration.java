package io.dubboai.server.spring;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI description of every REST endpoint the server hosts (its own and those of the modules and plugins on
 * its class path), served by springdoc at {@code /v3/api-docs} with a browser view at {@code /swagger-ui.html}.
 */
@Configuration(proxyBeanMethods = false)
public class OpenApiConfiguration {

    /** Name of the bearer security scheme in the description. */
    public static final String BEARER = "bearer";

    @Bean
    OpenAPI dubboAiOpenApi() {
        return new OpenAPI()
                .info(new Info()
                        .title("dubbo-ai control plane API")
                        .description(
                                "The model registry (models, versions, aliases, the MLflow subset) and the server's own "
                                        + "security, audit log and status; endpoints of plugin modules appear here when they"
                                        + " are installed. Every /api call needs Authorization: Bearer <token>.")
                        .version("v1")
                        .license(new License().name("Apache-2.0")))
                .components(new Components()
                        .addSecuritySchemes(
                                BEARER,
                                new SecurityScheme()
                                        .type(SecurityScheme.Type.HTTP)
                                        .scheme("bearer")
                                        .description("An API token, or the token returned by POST /api/v1/auth/login")))
                .addSecurityItem(new SecurityRequirement().addList(BEARER));
    }
}
