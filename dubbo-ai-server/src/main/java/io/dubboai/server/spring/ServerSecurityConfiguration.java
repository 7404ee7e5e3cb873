package io.dubboai.server.spring;

import io.dubboai.server.config.ServerSettings;
import io.dubboai.server.security.BearerTokenFilter;
import io.dubboai.server.security.CredentialService;
import io.dubboai.server.security.ModelOwnership;
import io.dubboai.server.security.ModelOwnershipInterceptor;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.access.hierarchicalroles.RoleHierarchyImpl;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Who may call what.
 *
 * <ul>
 *   <li>{@code /actuator/health/**}: open (probes). Every other Actuator endpoint, Prometheus included: any role.
 *   <li>{@code /v3/api-docs/**}, {@code /swagger-ui/**}: open (the API description holds no data).
 *   <li>{@code GET}/{@code HEAD} {@code /ai/**}: open (the admin UI's static pages hold no data; the API calls they
 *       make carry the user's token).
 *   <li>{@code POST /api/v1/auth/login}: open. {@code /api/v1/auth/me}, {@code /logout}: any role.
 *   <li>{@code /api/v1/auth/users/**}, {@code /api/v1/auth/tokens/**}, {@code /api/v1/auth/lockouts}: admin.
 *   <li>{@code /api/v1/audit/**}: operator.
 *   <li>{@code GET}/{@code HEAD} under {@code /api/**} and the configured read-only POST paths (MLflow's reads by
 *       POST): viewer. Every other method under {@code /api/**} (including {@code /api/2.0/mlflow/**}): operator,
 *       plus the per-model ownership check.
 *   <li>Anything else: refused.
 * </ul>
 *
 * Authentication is by bearer token only ({@code Authorization: Bearer ...}), people get one at login; no session
 * cookie is issued, so CSRF protection (a defence for cookie-authenticated browsers) is off.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSecurity
public class ServerSecurityConfiguration implements WebMvcConfigurer {

    private final ObjectProvider<ModelOwnership> ownership;

    ServerSecurityConfiguration(ObjectProvider<ModelOwnership> ownership) {
        this.ownership = ownership;
    }

    @Bean
    static RoleHierarchy roleHierarchy() {
        return RoleHierarchyImpl.fromHierarchy("ROLE_ADMIN > ROLE_OPERATOR\nROLE_OPERATOR > ROLE_VIEWER");
    }

    @Bean
    SecurityFilterChain apiSecurity(HttpSecurity http, CredentialService credentials, ServerSettings settings)
            throws Exception {
        String[] readOnlyPosts = settings.readOnlyPostPaths().toArray(String[]::new);
        http.csrf(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .addFilterBefore(new BearerTokenFilter(credentials), AnonymousAuthenticationFilter.class)
                .exceptionHandling(e -> e.authenticationEntryPoint((request, response, failure) -> {
                            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
                            response.sendError(
                                    HttpServletResponse.SC_UNAUTHORIZED,
                                    "Authentication required: send Authorization: Bearer <token> (log in at POST "
                                            + "/api/v1/auth/login or ask an admin for an API token)");
                        })
                        .accessDeniedHandler((request, response, denied) -> response.sendError(
                                HttpServletResponse.SC_FORBIDDEN,
                                "Your role does not allow " + request.getMethod() + " " + request.getRequestURI())))
                .authorizeHttpRequests(auth -> {
                    auth.dispatcherTypeMatchers(DispatcherType.ERROR).permitAll();
                    auth.requestMatchers("/actuator/health", "/actuator/health/**")
                            .permitAll();
                    auth.requestMatchers("/actuator/**").hasRole("VIEWER");
                    auth.requestMatchers("/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**")
                            .permitAll();
                    auth.requestMatchers(HttpMethod.GET, "/ai", "/ai/**").permitAll();
                    auth.requestMatchers(HttpMethod.HEAD, "/ai", "/ai/**").permitAll();
                    auth.requestMatchers(HttpMethod.POST, "/api/v1/auth/login").permitAll();
                    auth.requestMatchers("/api/v1/auth/me", "/api/v1/auth/logout")
                            .authenticated();
                    auth.requestMatchers("/api/v1/auth/users", "/api/v1/auth/users/**")
                            .hasRole("ADMIN");
                    auth.requestMatchers("/api/v1/auth/tokens", "/api/v1/auth/tokens/**")
                            .hasRole("ADMIN");
                    auth.requestMatchers("/api/v1/auth/lockouts", "/api/v1/auth/lockouts/**")
                            .hasRole("ADMIN");
                    auth.requestMatchers("/api/v1/audit", "/api/v1/audit/**").hasRole("OPERATOR");
                    if (readOnlyPosts.length > 0) {
                        auth.requestMatchers(HttpMethod.POST, readOnlyPosts).hasRole("VIEWER");
                    }
                    auth.requestMatchers(HttpMethod.GET, "/api/**").hasRole("VIEWER");
                    auth.requestMatchers(HttpMethod.HEAD, "/api/**").hasRole("VIEWER");
                    auth.requestMatchers("/api/**").hasRole("OPERATOR");
                    auth.anyRequest().denyAll();
                });
        return http.build();
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        // modules other than the registry (which checks ownership itself) may expose a ModelOwnership lookup
        ownership.ifAvailable(lookup ->
                registry.addInterceptor(new ModelOwnershipInterceptor(lookup)).addPathPatterns("/api/v1/ai/models/**"));
    }
}
