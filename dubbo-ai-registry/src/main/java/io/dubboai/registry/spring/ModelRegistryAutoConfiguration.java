package io.dubboai.registry.spring;

import io.dubboai.artifact.S3Clients;
import io.dubboai.controlplane.discovery.ModelProviderDirectory;
import io.dubboai.controlplane.store.ConfigCenterDocumentStore;
import io.dubboai.controlplane.store.ConfigCenters;
import io.dubboai.controlplane.store.DocumentStore;
import io.dubboai.core.secret.Secrets;
import io.dubboai.registry.ModelAccessPolicy;
import io.dubboai.registry.ModelRegistry;
import io.dubboai.registry.artifact.ArtifactStore;
import io.dubboai.registry.artifact.ArtifactUriPolicy;
import io.dubboai.registry.artifact.FileArtifactStore;
import io.dubboai.registry.artifact.S3ArtifactStore;
import io.dubboai.registry.component.ArtifactGcComponent;
import io.dubboai.registry.component.ModelRegistryComponent;
import io.dubboai.registry.rule.AliasRuleSynchronizer;
import io.dubboai.registry.serving.ServingReadiness;
import io.dubboai.registry.store.DocumentMetadataStore;
import io.dubboai.registry.store.MetadataStore;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.dubbo.common.config.configcenter.DynamicConfiguration;
import org.apache.dubbo.rpc.model.ApplicationModel;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Sets up the model registry in a Spring Boot application: the config center (from
 * {@code dubbo.ai.registry.store.address} or a {@link DynamicConfiguration} bean), the metadata store, the artifact
 * store, the {@link ModelRegistry}, its components, and the REST and MLflow controllers. Every bean backs off when
 * the application defines its own.
 *
 * <p>Security fails closed: unless the application defines a {@link ModelAccessPolicy} bean (the admin server does,
 * behind its authentication) or sets {@code dubbo.ai.registry.security.allow-anonymous-writes=true}, the REST and
 * MLflow APIs refuse every write with 403 ({@link RegistryWriteGuard}); reads stay open.
 */
@AutoConfiguration
@ConditionalOnClass(DynamicConfiguration.class)
@ConditionalOnProperty(prefix = "dubbo.ai.registry", name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties(ModelRegistryProperties.class)
public class ModelRegistryAutoConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ModelRegistryAutoConfiguration.class);

    /** The config center, opened from {@code dubbo.ai.registry.store.address}. */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnProperty(prefix = "dubbo.ai.registry.store", name = "address")
    DynamicConfiguration modelRegistryConfigCenter(ModelRegistryProperties properties) {
        return ConfigCenters.open(properties.getStore().getAddress(), ApplicationModel.defaultModel());
    }

    @Bean
    @ConditionalOnMissingBean
    MetadataStore modelMetadataStore(
            ModelRegistryProperties properties,
            ObjectProvider<DynamicConfiguration> configuration,
            ObjectProvider<DocumentStore> documentStore,
            ObjectProvider<Clock> clock) {
        ModelRegistryProperties.Store store = properties.getStore();
        DocumentStore documents = documentStore.getIfAvailable();
        if (documents == null) {
            if (!store.getType().equals("config-center")) {
                throw new IllegalStateException(
                        "dubbo.ai.registry.store.type '" + store.getType()
                                + "' needs a DocumentStore bean (e.g. KubernetesDocumentStore); use 'config-center' or define one");
            }
            DynamicConfiguration center = configuration.getIfAvailable();
            if (center == null) {
                throw new IllegalStateException("The model registry has no config center: set"
                        + " dubbo.ai.registry.store.address (e.g. zookeeper://127.0.0.1:2181) or define a"
                        + " DynamicConfiguration bean");
            }
            // the description names the store in logs and error messages: never with the address's credentials
            documents = new ConfigCenterDocumentStore(
                    center, store.getGroup(), store.getMaxDocumentBytes(), Secrets.maskAddress(store.getAddress()));
        }
        return new DocumentMetadataStore(
                documents,
                store.getCatalogShards(),
                store.getRefreshInterval(),
                store.getResyncInterval(),
                clock.getIfAvailable(Clock::systemUTC));
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    @ConditionalOnProperty(prefix = "dubbo.ai.registry.artifacts", name = "type", havingValue = "file")
    ArtifactStore fileArtifactStore(ModelRegistryProperties properties) {
        return new FileArtifactStore(properties.getArtifacts().getFileRoot());
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "software.amazon.awssdk.services.s3.S3Client")
    static class S3Configuration {

        @Bean(destroyMethod = "close")
        @ConditionalOnMissingBean
        @ConditionalOnProperty(prefix = "dubbo.ai.registry.artifacts", name = "type", havingValue = "s3")
        ArtifactStore s3ArtifactStore(ModelRegistryProperties properties) {
            ModelRegistryProperties.Artifacts artifacts = properties.getArtifacts();
            return new S3ArtifactStore(
                    S3Clients.create(
                            artifacts.getEndpoint(),
                            artifacts.getRegion(),
                            artifacts.isPathStyle(),
                            artifacts.getProfile()),
                    artifacts.getBucket(),
                    artifacts.getPrefix(),
                    Path.of(System.getProperty("java.io.tmpdir")));
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "io.fabric8.kubernetes.client.KubernetesClient")
    @ConditionalOnProperty(prefix = "dubbo.ai.registry.store", name = "type", havingValue = "kubernetes")
    static class KubernetesStoreConfiguration {

        @Bean(destroyMethod = "close")
        @ConditionalOnMissingBean
        io.fabric8.kubernetes.client.KubernetesClient modelRegistryKubernetesClient() {
            return new io.fabric8.kubernetes.client.KubernetesClientBuilder().build();
        }

        @Bean(destroyMethod = "close")
        @ConditionalOnMissingBean
        DocumentStore kubernetesDocumentStore(
                ModelRegistryProperties properties, io.fabric8.kubernetes.client.KubernetesClient client) {
            return new io.dubboai.controlplane.store.kubernetes.KubernetesDocumentStore(
                    client,
                    properties.getStore().getNamespace(),
                    io.dubboai.controlplane.store.kubernetes.KubernetesDocumentStore.DEFAULT_MAX_DOCUMENT_BYTES);
        }
    }

    @Bean
    @ConditionalOnMissingBean
    ModelRegistry modelRegistry(
            ModelRegistryProperties properties,
            MetadataStore store,
            ObjectProvider<ArtifactStore> artifacts,
            ObjectProvider<DynamicConfiguration> configuration,
            ObjectProvider<ModelAccessPolicy> access,
            ObjectProvider<Clock> clock) {
        ArtifactStore artifactStore = artifacts.getIfAvailable();
        DynamicConfiguration center = configuration.getIfAvailable();
        AliasRuleSynchronizer rules =
                properties.isRouteRules() && center != null ? new AliasRuleSynchronizer(center) : null;
        return new ModelRegistry(
                store,
                artifactStore,
                uriPolicy(properties, artifactStore),
                rules,
                // without a policy bean, writes over HTTP are refused by the RegistryWriteGuard (or allowed to
                // anyone by explicit opt-in); calls from the application's own code are trusted
                access.getIfAvailable(() -> ModelAccessPolicy.ALLOW_ALL),
                clock.getIfAvailable(Clock::systemUTC));
    }

    private static ArtifactUriPolicy uriPolicy(ModelRegistryProperties properties, @Nullable ArtifactStore store) {
        ModelRegistryProperties.Artifacts artifacts = properties.getArtifacts();
        Set<String> buckets = new HashSet<>(artifacts.getAllowedBuckets());
        List<Path> roots = new ArrayList<>(artifacts.getAllowedFileRoots());
        if (store instanceof S3ArtifactStore && !artifacts.getBucket().isEmpty()) {
            buckets.add(artifacts.getBucket());
        }
        if (store instanceof FileArtifactStore file) {
            roots.add(file.root());
        }
        return new ArtifactUriPolicy(new HashSet<>(artifacts.getAllowedSchemes()), buckets, roots);
    }

    @Bean
    @ConditionalOnMissingBean
    ModelRegistryComponent modelRegistryComponent(MetadataStore store) {
        return new ModelRegistryComponent(store);
    }

    /**
     * Starts the registry component with the application context (before the web server takes requests) and
     * stops it on shutdown. A host with its own component manager defines this bean itself to take over.
     */
    @Bean
    @ConditionalOnMissingBean(name = "modelRegistryLifecycle")
    SmartLifecycle modelRegistryLifecycle(ModelRegistryComponent component) {
        return new SmartLifecycle() {
            @Override
            public void start() {
                component.start();
            }

            @Override
            public void stop() {
                component.stop();
            }

            @Override
            public boolean isRunning() {
                return component.isStarted();
            }

            @Override
            public int getPhase() {
                return SmartLifecycle.DEFAULT_PHASE - 1024;
            }
        };
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean(ArtifactStore.class)
    ArtifactGcComponent modelArtifactGcComponent(
            ModelRegistryProperties properties,
            MetadataStore store,
            ArtifactStore artifacts,
            ObjectProvider<Clock> clock) {
        return new ArtifactGcComponent(
                store,
                artifacts,
                properties.getGc().getInterval(),
                properties.getGc().getGracePeriod(),
                clock.getIfAvailable(Clock::systemUTC));
    }

    /**
     * Where versions are served: the model providers of the Dubbo registry (its address, else the store's) and the
     * fleet's documents in the store's config center. A source that cannot be opened is left out with a warning.
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    @ConditionalOnProperty(prefix = "dubbo.ai.registry.serving", name = "enabled", matchIfMissing = true)
    ServingReadiness modelServingReadiness(
            ModelRegistryProperties properties,
            ObjectProvider<DynamicConfiguration> configuration,
            ObjectProvider<Clock> clock) {
        ModelRegistryProperties.Serving serving = properties.getServing();
        String address = serving.getDubboRegistryAddress().isBlank()
                ? properties.getStore().getAddress()
                : serving.getDubboRegistryAddress();
        // subscribed on the first question only: a subscription creates registry nodes
        Supplier<ModelProviderDirectory> providers = address.isBlank()
                ? null
                : () -> new ModelProviderDirectory(address, ApplicationModel.defaultModel(), "dubbo-ai-registry");
        DynamicConfiguration center = configuration.getIfAvailable();
        DocumentStore fleet = center == null
                ? null
                : new ConfigCenterDocumentStore(
                        center,
                        serving.getFleetGroup(),
                        properties.getStore().getMaxDocumentBytes(),
                        Secrets.maskAddress(properties.getStore().getAddress()));
        return new ServingReadiness(
                providers, fleet, serving.getHostStaleAfter(), clock.getIfAvailable(Clock::systemUTC));
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    @ConditionalOnClass(name = "org.springframework.web.servlet.DispatcherServlet")
    static class WebConfiguration {

        @Bean
        ModelsController modelsController(
                ModelRegistry registry,
                ModelRegistryProperties properties,
                ObjectProvider<ServingReadiness> readiness) {
            return new ModelsController(
                    registry,
                    properties.getArtifacts().getMaxUploadSize().toBytes(),
                    readiness.getIfAvailable(),
                    properties.getServing().isAliasRequiresReady());
        }

        /**
         * Refuses writes through the REST and MLflow APIs unless the application defines a {@link ModelAccessPolicy}
         * bean or opts in to anonymous writes.
         */
        @Bean
        RegistryWriteGuard registryWriteGuard(
                ModelRegistryProperties properties, ObjectProvider<ModelAccessPolicy> policies) {
            if (policies.iterator().hasNext()) {
                return new RegistryWriteGuard(false);
            }
            if (properties.getSecurity().isAllowAnonymousWrites()) {
                log.warn(
                        "{}=true: the model registry accepts writes under /api/v1/ai/models and /api/2.0/mlflow from"
                                + " anyone who can reach this application, without authentication. Use this for local"
                                + " development only; in production put authentication in front and define a"
                                + " ModelAccessPolicy bean.",
                        RegistryWriteGuard.ALLOW_ANONYMOUS_WRITES);
                return new RegistryWriteGuard(false);
            }
            log.info(
                    "The model registry refuses writes over HTTP (403): no ModelAccessPolicy bean is defined. Define"
                            + " one behind your authentication, or set {}=true for local development.",
                    RegistryWriteGuard.ALLOW_ANONYMOUS_WRITES);
            return new RegistryWriteGuard(true);
        }

        @Bean
        RegistryProblemHandler registryProblemHandler() {
            return new RegistryProblemHandler();
        }

        @Bean
        @ConditionalOnProperty(prefix = "dubbo.ai.registry", name = "mlflow-enabled", matchIfMissing = true)
        MlflowController mlflowController(ModelRegistry registry) {
            return new MlflowController(registry);
        }

        @Bean
        @ConditionalOnProperty(prefix = "dubbo.ai.registry", name = "mlflow-enabled", matchIfMissing = true)
        MlflowErrorHandler mlflowErrorHandler() {
            return new MlflowErrorHandler();
        }
    }
}
