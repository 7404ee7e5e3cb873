package io.dubboai.abtest.spring;

import io.dubboai.abtest.decision.AliasMover;
import io.dubboai.abtest.decision.DecisionAudit;
import io.dubboai.abtest.decision.ExperimentComponent;
import io.dubboai.abtest.decision.ExperimentData;
import io.dubboai.abtest.decision.ResultHistory;
import io.dubboai.abtest.experiment.ExperimentService;
import io.dubboai.abtest.experiment.MetricCatalog;
import io.dubboai.abtest.experiment.VersionCheck;
import io.dubboai.abtest.ledger.UnitLedger;
import io.dubboai.controlplane.rule.RouteRuleEditor;
import io.dubboai.controlplane.store.ConfigCenterDocumentStore;
import io.dubboai.controlplane.store.DocumentStore;
import io.dubboai.registry.ModelRegistry;
import io.dubboai.registry.RegistryException;
import java.time.Clock;
import org.apache.dubbo.common.config.configcenter.DynamicConfiguration;
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
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Sets up experiments in a Spring Boot application that has the route-rule editor (the deployment module's, on the
 * routers' config center): their documents (the application's {@link DocumentStore} bean, else the config center in
 * group {@code dubbo.ai.abtest.group}), the engine ({@link ExperimentComponent}, run on the leader by the control
 * plane's component manager) and the REST API {@code /api/v1/ai/experiments}. Promotions move aliases through the
 * model registry when it is present; decisions are audited through a {@link DecisionAudit} bean (the admin server's
 * audit log), else logged. Every bean backs off when the application defines its own.
 */
@AutoConfiguration(afterName = "io.dubboai.deployment.spring.ModelDeploymentAutoConfiguration")
@ConditionalOnClass(DynamicConfiguration.class)
@ConditionalOnProperty(prefix = "dubbo.ai.abtest", name = "enabled", matchIfMissing = true)
@ConditionalOnBean(RouteRuleEditor.class)
@EnableConfigurationProperties(ExperimentsProperties.class)
public class ExperimentsAutoConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ExperimentsAutoConfiguration.class);

    /** The store of experiment documents, in a type of its own so no other module takes it for "the" store. */
    public record ExperimentDocuments(DocumentStore store) {}

    @Bean
    @ConditionalOnMissingBean
    ExperimentDocuments experimentDocuments(
            ExperimentsProperties properties,
            ObjectProvider<DocumentStore> documentStore,
            ObjectProvider<DynamicConfiguration> configuration) {
        DocumentStore store = documentStore.getIfAvailable();
        if (store == null) {
            DynamicConfiguration center = configuration.getIfAvailable();
            if (center == null) {
                throw new IllegalStateException("Experiments need a place for their documents: define a DocumentStore"
                        + " bean or a config center (dubbo.ai.registry.store.address), or set"
                        + " dubbo.ai.abtest.enabled=false");
            }
            store = new ConfigCenterDocumentStore(
                    center, properties.getGroup(), properties.getMaxDocumentBytes(), "the experiments' config center");
        }
        log.info("Experiments are kept in {}", store.describe());
        return new ExperimentDocuments(store);
    }

    @Bean
    @ConditionalOnMissingBean
    MetricCatalog experimentMetricCatalog() {
        return MetricCatalog.defaults();
    }

    @Bean
    @ConditionalOnMissingBean
    ExperimentService experimentService(
            ExperimentDocuments documents,
            RouteRuleEditor rules,
            MetricCatalog metrics,
            ObjectProvider<ModelRegistry> registry,
            ObjectProvider<Clock> clock) {
        ModelRegistry models = registry.getIfAvailable();
        VersionCheck versions =
                models == null ? VersionCheck.ANY : (model, version) -> registryProblem(models, model, version);
        return new ExperimentService(
                documents.store(), rules, metrics, clock.getIfAvailable(Clock::systemUTC), versions);
    }

    private static java.util.Optional<String> registryProblem(ModelRegistry registry, String model, String version) {
        long number;
        try {
            number = Long.parseLong(version);
        } catch (NumberFormatException e) {
            return java.util.Optional.of("registry versions are numbers, '" + version + "' is not one");
        }
        try {
            registry.getVersion(model, number);
            return java.util.Optional.empty();
        } catch (RegistryException e) {
            if (e.reason() == RegistryException.Reason.NOT_FOUND) {
                return java.util.Optional.of(e.getMessage());
            }
            throw e;
        }
    }

    @Bean
    @ConditionalOnMissingBean
    ExperimentData experimentData(
            ExperimentDocuments documents,
            ExperimentService experiments,
            MetricCatalog metrics,
            ObjectProvider<Clock> clock) {
        return new ExperimentData(
                experiments, new UnitLedger(documents.store()), metrics, clock.getIfAvailable(Clock::systemUTC));
    }

    @Bean
    @ConditionalOnMissingBean
    ResultHistory experimentResultHistory(ExperimentDocuments documents) {
        return new ResultHistory(documents.store());
    }

    @Bean
    @ConditionalOnMissingBean
    ExperimentComponent experimentComponent(
            ExperimentsProperties properties,
            ExperimentService experiments,
            ExperimentData data,
            ResultHistory history,
            ObjectProvider<ModelRegistry> registry,
            ObjectProvider<DecisionAudit> audit,
            ObjectProvider<Clock> clock) {
        ModelRegistry models = registry.getIfAvailable();
        AliasMover aliases = models == null
                ? AliasMover.NONE
                : (model, alias, version, actor) -> models.setAlias(model, alias, parseVersion(model, version), actor);
        DecisionAudit decisions = audit.getIfAvailable(() -> (experiment, decision) -> log.info(
                "Experiment '{}' (model '{}') decision {}: {} {}",
                experiment.spec().id(),
                experiment.spec().model(),
                decision.kind(),
                decision.reason(),
                decision.evidence()));
        return new ExperimentComponent(
                experiments,
                data,
                history,
                aliases,
                decisions,
                properties.getEvaluationInterval(),
                clock.getIfAvailable(Clock::systemUTC));
    }

    private static long parseVersion(String model, String version) {
        try {
            return Long.parseLong(version);
        } catch (NumberFormatException e) {
            throw new IllegalStateException("version '" + version + "' of model '" + model + "' is not a registry"
                    + " version number, so the registry cannot point an alias at it; move the alias by hand");
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    @ConditionalOnClass(name = "org.springframework.web.servlet.DispatcherServlet")
    static class WebConfiguration {

        @Bean
        ExperimentsController experimentsController(
                ExperimentService experiments, ExperimentData data, ResultHistory history, ExperimentComponent engine) {
            return new ExperimentsController(experiments, data, history, engine);
        }

        @Bean
        ExperimentsProblemHandler experimentsProblemHandler() {
            return new ExperimentsProblemHandler();
        }
    }
}
