package io.dubboai.deployment.spring;

import io.dubboai.controlplane.rule.RouteRuleEditor;
import io.dubboai.controlplane.store.ConfigCenterDocumentStore;
import io.dubboai.deployment.alert.RollbackAlertAction;
import io.dubboai.deployment.alert.ShiftTrafficAwayAlertAction;
import io.dubboai.deployment.hosts.ModelHostsExecutor;
import io.dubboai.deployment.rollout.DeploymentService;
import io.dubboai.deployment.rollout.ModelCatalog;
import io.dubboai.deployment.rollout.ModelDeploymentComponent;
import io.dubboai.deployment.rollout.RolloutReconciler;
import io.dubboai.deployment.rollout.VersionExecutor;
import io.dubboai.deployment.rule.RouteRuleService;
import io.dubboai.deployment.universal.RegisteredProvidersExecutor;
import io.dubboai.monitor.control.ModelMonitoringComponent;
import io.dubboai.monitor.control.analysis.AnalysisResult;
import io.dubboai.monitor.control.analysis.VersionAnalysis;
import io.dubboai.monitor.control.scrape.ProviderDiscovery;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
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

/**
 * Sets up the deployment module in a Spring Boot application: the route-rule API
 * ({@code /api/v1/ai/models/{model}/route-rule}) and the deployments ({@code /api/v1/ai/deployments}) with their
 * leader-only controller ({@link ModelDeploymentComponent}), on the config center the routers read: the application's
 * {@link DynamicConfiguration} bean (the model registry's, opened from {@code dubbo.ai.registry.store.address}, when
 * the registry is present; or the application's own). Without such a bean the module stays off. Every bean backs off
 * when the application defines its own.
 *
 * <p>Collaborators, when present: the model registry checks models, versions and aliases (without it any version
 * number is accepted and aliases come from the route rule); the monitoring component judges gates with its analysis
 * API and lists the registered providers the default executor waits for ({@link RegisteredProvidersExecutor}; define
 * a {@link VersionExecutor} bean for another).
 *
 * <p>Who may call the API is the host's business: the admin server lets viewers read and operators write, and audits
 * every write. An application without authentication in front exposes writes to anyone who can reach it.
 */
@AutoConfiguration(
        afterName = {
            "io.dubboai.registry.spring.ModelRegistryAutoConfiguration",
            "io.dubboai.monitor.control.spring.ModelMonitoringAutoConfiguration"
        })
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

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    DeploymentDocuments deploymentDocuments(DynamicConfiguration configuration, ModelDeploymentProperties properties) {
        return new DeploymentDocuments(documentStore(configuration, properties.getGroup()));
    }

    /** A document store in {@code group} of the application's config center (whose connection it does not own). */
    static ConfigCenterDocumentStore documentStore(DynamicConfiguration configuration, String group) {
        return new ConfigCenterDocumentStore(
                configuration,
                group,
                ConfigCenterDocumentStore.DEFAULT_MAX_DOCUMENT_BYTES,
                "config center " + configuration.getClass().getSimpleName() + " group " + group);
    }

    @Bean
    @ConditionalOnMissingBean
    VersionExecutor versionExecutor(ObjectProvider<ModelMonitoringComponent> monitoring) {
        ModelMonitoringComponent component = monitoring.getIfAvailable();
        ProviderDiscovery providers = new ProviderDiscovery() {
            @Override
            public List<io.dubboai.monitor.control.scrape.ScrapeTarget> targets() {
                return component == null || !component.isRunning() ? List.of() : component.discovered();
            }

            @Override
            public void close() {}
        };
        return new RegisteredProvidersExecutor(providers);
    }

    @Bean
    @ConditionalOnMissingBean
    DeploymentService deploymentService(
            DeploymentDocuments documents,
            RouteRuleEditor rules,
            ObjectProvider<ModelCatalog> catalog,
            VersionExecutor executor,
            ObjectProvider<Clock> clock) {
        return new DeploymentService(
                documents.store(),
                rules,
                catalog.getIfAvailable(() -> new RuleCatalog(rules)),
                executor,
                clock.getIfAvailable(Clock::systemUTC));
    }

    /** The alert actions {@code rollback} and {@code shift-traffic-away} for the monitoring module's SLO alerts. */
    @Bean
    @ConditionalOnMissingBean
    RollbackAlertAction rollbackAlertAction(DeploymentService deployments) {
        return new RollbackAlertAction(deployments);
    }

    @Bean
    @ConditionalOnMissingBean
    ShiftTrafficAwayAlertAction shiftTrafficAwayAlertAction(DeploymentService deployments, RouteRuleEditor rules) {
        return new ShiftTrafficAwayAlertAction(deployments, rules);
    }

    /** Model-host mode: versions assigned to the fleet's model hosts through their documents. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(prefix = "dubbo.ai.deployment", name = "executor", havingValue = "hosts")
    static class ModelHostsModeConfiguration {

        /** The fleet's store reads and writes only (it watches nothing and the connection is the application's). */
        @Bean
        @ConditionalOnMissingBean(VersionExecutor.class)
        ModelHostsExecutor modelHostsVersionExecutor(
                DynamicConfiguration configuration, ModelDeploymentProperties properties, ObjectProvider<Clock> clock) {
            return new ModelHostsExecutor(
                    documentStore(configuration, properties.getHosts().getGroup()),
                    clock.getIfAvailable(Clock::systemUTC),
                    properties.getHosts().getStaleAfter(),
                    properties.getHosts().getReadyDelay());
        }
    }

    /** Kubernetes mode: a Deployment per version, and ModelDeployment resources read each pass. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "io.fabric8.kubernetes.client.KubernetesClient")
    @ConditionalOnProperty(prefix = "dubbo.ai.deployment", name = "executor", havingValue = "kubernetes")
    static class KubernetesModeConfiguration {

        @Bean(destroyMethod = "close")
        @ConditionalOnMissingBean
        io.fabric8.kubernetes.client.KubernetesClient deploymentKubernetesClient() {
            return new io.fabric8.kubernetes.client.KubernetesClientBuilder().build();
        }

        @Bean
        @ConditionalOnMissingBean(VersionExecutor.class)
        VersionExecutor kubernetesVersionExecutor(
                io.fabric8.kubernetes.client.KubernetesClient client,
                ModelDeploymentProperties properties,
                org.springframework.core.env.Environment environment,
                ObjectProvider<io.dubboai.deployment.kubernetes.InferenceServiceExecutor.ArtifactLookup> artifacts) {
            ModelDeploymentProperties.Kubernetes settings = properties.getKubernetes();
            String registry = settings.getRegistryAddress() != null
                    ? settings.getRegistryAddress()
                    : environment.getProperty("dubbo.registry.address");
            if (registry == null) {
                throw new IllegalStateException("Kubernetes mode needs the Dubbo registry the providers register in:"
                        + " set dubbo.ai.deployment.kubernetes.registry-address (or dubbo.registry.address)");
            }
            io.dubboai.deployment.kubernetes.KubernetesExecutor deployments =
                    new io.dubboai.deployment.kubernetes.KubernetesExecutor(
                            client, namespace(client, settings), settings.getImage(), registry);
            return switch (settings.getWorkload()) {
                case "deployment" -> deployments;
                case "inference-service" -> inferenceServices(client, settings, deployments, artifacts);
                default ->
                    throw new IllegalStateException("dubbo.ai.deployment.kubernetes.workload is '"
                            + settings.getWorkload() + "'; use deployment (a Deployment per version) or"
                            + " inference-service (a KServe InferenceService per version)");
            };
        }

        private static VersionExecutor inferenceServices(
                io.fabric8.kubernetes.client.KubernetesClient client,
                ModelDeploymentProperties.Kubernetes settings,
                io.dubboai.deployment.kubernetes.KubernetesExecutor deployments,
                ObjectProvider<io.dubboai.deployment.kubernetes.InferenceServiceExecutor.ArtifactLookup> artifacts) {
            String predictor = settings.getInferenceService().getPredictor();
            if (!predictor.equals("custom") && !predictor.equals("model")) {
                throw new IllegalStateException("dubbo.ai.deployment.kubernetes.inference-service.predictor is '"
                        + predictor + "'; use custom (our serving runtime) or model (KServe's runtime for the"
                        + " version's artifact)");
            }
            return new io.dubboai.deployment.kubernetes.InferenceServiceExecutor(
                    client,
                    namespace(client, settings),
                    deployments,
                    predictor.equals("model")
                            ? io.dubboai.deployment.kubernetes.InferenceServiceExecutor.Predictor.MODEL
                            : io.dubboai.deployment.kubernetes.InferenceServiceExecutor.Predictor.CUSTOM,
                    settings.getInferenceService().getRuntime(),
                    artifacts.getIfAvailable(() -> (model, version) -> java.util.Optional.empty()));
        }

        @Bean
        @ConditionalOnMissingBean
        io.dubboai.deployment.kubernetes.ModelDeploymentResources modelDeploymentResources(
                io.fabric8.kubernetes.client.KubernetesClient client,
                ModelDeploymentProperties properties,
                DeploymentService deployments) {
            return new io.dubboai.deployment.kubernetes.ModelDeploymentResources(
                    client, namespace(client, properties.getKubernetes()), deployments);
        }

        /** Training jobs (PyTorchJob), followed each pass, when the model registry is there to register results. */
        @Configuration(proxyBeanMethods = false)
        @ConditionalOnClass(name = "io.dubboai.registry.ModelRegistry")
        static class TrainingConfiguration {

            @Bean
            @ConditionalOnBean(io.dubboai.registry.ModelRegistry.class)
            @ConditionalOnMissingBean
            io.dubboai.deployment.training.TrainingJobs trainingJobs(
                    io.fabric8.kubernetes.client.KubernetesClient client,
                    ModelDeploymentProperties properties,
                    DeploymentDocuments documents,
                    io.dubboai.registry.ModelRegistry registry,
                    DeploymentService deployments,
                    ObjectProvider<Clock> clock) {
                return new io.dubboai.deployment.training.TrainingJobs(
                        client,
                        namespace(client, properties.getKubernetes()),
                        documents.store(),
                        new io.dubboai.deployment.training.RegistryVersionRegistrar(registry),
                        deployments,
                        clock.getIfAvailable(Clock::systemUTC));
            }
        }

        static String namespace(
                io.fabric8.kubernetes.client.KubernetesClient client, ModelDeploymentProperties.Kubernetes settings) {
            String namespace = settings.getNamespace() != null ? settings.getNamespace() : client.getNamespace();
            return namespace == null ? "default" : namespace;
        }
    }

    /** The model registry as catalog, when the registry module is present. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "io.dubboai.registry.ModelRegistry")
    static class RegistryCatalogConfiguration {

        @Bean
        @ConditionalOnBean(io.dubboai.registry.ModelRegistry.class)
        @ConditionalOnMissingBean
        ModelCatalog registryModelCatalog(io.dubboai.registry.ModelRegistry registry) {
            return new RegistryCatalog(registry);
        }

        /** A version's artifact URI and format, for KServe model predictors. */
        @Bean
        @ConditionalOnBean(io.dubboai.registry.ModelRegistry.class)
        @ConditionalOnMissingBean
        io.dubboai.deployment.kubernetes.InferenceServiceExecutor.ArtifactLookup registryArtifactLookup(
                io.dubboai.registry.ModelRegistry registry) {
            return RegistryCatalog.artifacts(registry);
        }
    }

    @Bean
    @ConditionalOnMissingBean
    ModelDeploymentComponent modelDeploymentComponent(
            DeploymentService deployments,
            DeploymentDocuments documents,
            RouteRuleEditor rules,
            VersionExecutor executor,
            ObjectProvider<ModelMonitoringComponent> monitoring,
            ObjectProvider<Clock> clock,
            ModelDeploymentProperties properties,
            ObjectProvider<io.dubboai.deployment.kubernetes.ModelDeploymentResources> resources,
            ObjectProvider<io.dubboai.deployment.training.TrainingJobs> training) {
        Clock time = clock.getIfAvailable(Clock::systemUTC);
        ModelMonitoringComponent component = monitoring.getIfAvailable();
        VersionAnalysis analysis = component == null ? null : new MonitoringAnalysis(component, time);
        RolloutReconciler reconciler =
                new RolloutReconciler(deployments, documents.store(), rules, executor, analysis, time);
        List<Runnable> alsoEachPass = new java.util.ArrayList<>();
        resources.forEach(alsoEachPass::add);
        training.forEach(alsoEachPass::add);
        return new ModelDeploymentComponent(reconciler, properties.getReconcileInterval(), alsoEachPass);
    }

    /** The monitoring component's analysis, asked per call (it answers only while running). */
    private record MonitoringAnalysis(ModelMonitoringComponent component, Clock clock) implements VersionAnalysis {
        @Override
        public AnalysisResult compare(io.dubboai.monitor.control.analysis.AnalysisRequest request) {
            try {
                return component.analysis(null).compare(request);
            } catch (IllegalStateException e) {
                return RolloutReconciler.unjudged(
                        request,
                        request.at() == null ? Instant.now(clock) : request.at(),
                        "none",
                        "the monitoring component is not running (" + e.getMessage() + ")");
            }
        }

        @Override
        public String backend() {
            return "monitoring";
        }
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

        @Bean
        DeploymentController deploymentController(
                DeploymentService deployments, ObjectProvider<com.fasterxml.jackson.databind.ObjectMapper> json) {
            return new DeploymentController(
                    deployments, json.getIfAvailable(() -> com.fasterxml.jackson.databind.json.JsonMapper.builder()
                            .findAndAddModules()
                            .build()));
        }

        @Bean
        DeploymentProblemHandler deploymentProblemHandler() {
            return new DeploymentProblemHandler();
        }

        @Bean
        TrainingJobController trainingJobController(
                ObjectProvider<io.dubboai.deployment.training.TrainingJobs> training,
                ObjectProvider<com.fasterxml.jackson.databind.ObjectMapper> json) {
            return new TrainingJobController(
                    training, json.getIfAvailable(() -> com.fasterxml.jackson.databind.json.JsonMapper.builder()
                            .findAndAddModules()
                            .build()));
        }

        @Bean
        TrainingJobProblemHandler trainingJobProblemHandler() {
            return new TrainingJobProblemHandler();
        }
    }
}
