package io.dubboai.server.spring;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.dubboai.controlplane.store.ConfigCenterDocumentStore;
import io.dubboai.controlplane.store.DocumentStore;
import io.dubboai.controlplane.store.FileDocumentStore;
import io.dubboai.core.secret.Secrets;
import io.dubboai.server.audit.AuditFilter;
import io.dubboai.server.audit.AuditLog;
import io.dubboai.server.audit.SecretMasker;
import io.dubboai.server.config.DubboAiServerProperties;
import io.dubboai.server.config.ServerRuntime;
import io.dubboai.server.config.ServerSettings;
import io.dubboai.server.config.StoreKind;
import io.dubboai.server.security.CredentialService;
import io.dubboai.server.security.LoginThrottle;
import io.dubboai.server.security.SecurityBootstrap;
import io.dubboai.server.web.ServerErrorAttributes;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.security.SecurityProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * The server's own beans: the settings, the document store chosen by {@code dubbo.ai.server.security.store}, the
 * credential service, the login throttle, the audit log and its filter, and the first-start bootstrap.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DubboAiServerProperties.class)
public class ServerConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ServerConfiguration.class);

    /** How long a node trusts its cached copy of the users and tokens before re-reading the store. */
    static final Duration CREDENTIAL_CACHE_TTL = Duration.ofSeconds(5);

    @Bean
    ServerSettings serverSettings(ServerRuntime runtime) {
        return runtime.settings();
    }

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }

    /**
     * The server's own documents (users, token hashes, the audit log). Held in a type of its own so that it is never
     * injected where a module looks for "the" {@link DocumentStore} (the registry keeps its documents apart).
     */
    record ServerDocuments(DocumentStore store) implements AutoCloseable {

        /** Config-center group of the server's documents. */
        static final String GROUP = "dubbo-ai-server";

        @Override
        public void close() {
            store.close();
        }
    }

    @Bean(destroyMethod = "close")
    ServerDocuments serverDocuments(ServerRuntime runtime) {
        ServerSettings settings = runtime.settings();
        DocumentStore store = settings.store() == StoreKind.FILE
                ? new FileDocumentStore(settings.dataDir().resolve("security"))
                : ConfigCenterDocumentStore.open(runtime.configCenterAddress(), ServerDocuments.GROUP);
        log.info("Users, token hashes and the audit log are kept in {}", Secrets.maskAddress(store.describe()));
        return new ServerDocuments(store);
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    CredentialService credentialService(
            ServerDocuments serverDocuments, PasswordEncoder passwordEncoder, Clock clock, ServerSettings settings) {
        return new CredentialService(
                serverDocuments.store(),
                storeJson(),
                passwordEncoder,
                clock,
                settings.sessionTtl(),
                CREDENTIAL_CACHE_TTL);
    }

    @Bean
    LoginThrottle loginThrottle(ServerSettings settings, Clock clock) {
        return new LoginThrottle(settings.loginLimits(), clock);
    }

    @Bean
    AuditLog auditLog(ServerDocuments serverDocuments, ServerSettings settings) {
        return new AuditLog(serverDocuments.store(), storeJson(), settings.auditCapacity());
    }

    @Bean
    SecretMasker secretMasker() {
        return new SecretMasker(storeJson());
    }

    @Bean
    FilterRegistrationBean<AuditFilter> auditFilter(AuditLog auditLog, SecretMasker secretMasker, Clock clock) {
        FilterRegistrationBean<AuditFilter> registration =
                new FilterRegistrationBean<>(new AuditFilter(auditLog, secretMasker, clock));
        // right behind Spring Security, so the caller is known and every handler's change is seen
        registration.setOrder(SecurityProperties.DEFAULT_FILTER_ORDER + 1);
        registration.addUrlPatterns("/api/*");
        return registration;
    }

    /** The body of {@code /error}: no exception message for a 5xx, an error id instead. */
    @Bean
    ServerErrorAttributes serverErrorAttributes() {
        return new ServerErrorAttributes();
    }

    @Bean
    SecurityBootstrap securityBootstrap(CredentialService credentialService) {
        return new SecurityBootstrap(credentialService);
    }

    /** The mapper for stored documents: independent of the web mapper's settings, ISO dates. */
    static ObjectMapper storeJson() {
        return JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .build();
    }
}
