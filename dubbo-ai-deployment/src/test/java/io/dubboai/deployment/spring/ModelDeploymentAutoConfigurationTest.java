package io.dubboai.deployment.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

import io.dubboai.controlplane.rule.RouteRuleEditor;
import io.dubboai.deployment.rule.RouteRuleService;
import org.apache.dubbo.common.config.configcenter.DynamicConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

class ModelDeploymentAutoConfigurationTest {

    private final WebApplicationContextRunner web = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ModelDeploymentAutoConfiguration.class));

    @Test
    void withAConfigCenterBeanShouldServeTheRouteRuleApi() {
        web.withBean(DynamicConfiguration.class, () -> mock(DynamicConfiguration.class))
                .run(context -> assertThat(context)
                        .hasSingleBean(RouteRuleEditor.class)
                        .hasSingleBean(RouteRuleService.class)
                        .hasSingleBean(RouteRuleController.class)
                        .hasSingleBean(RouteRuleProblemHandler.class)
                        .hasSingleBean(io.dubboai.deployment.rollout.DeploymentService.class)
                        .hasSingleBean(io.dubboai.deployment.rollout.ModelDeploymentComponent.class)
                        .hasSingleBean(DeploymentController.class)
                        .hasSingleBean(DeploymentProblemHandler.class)
                        .getBeans(io.dubboai.monitor.control.alert.AlertAction.class)
                        .hasSize(2));
    }

    @Test
    void withoutTheMonitoringComponentTheLeaderOnlyControllerIsStillThere() {
        web.withBean(DynamicConfiguration.class, () -> mock(DynamicConfiguration.class))
                .run(context -> {
                    io.dubboai.deployment.rollout.ModelDeploymentComponent component =
                            context.getBean(io.dubboai.deployment.rollout.ModelDeploymentComponent.class);
                    assertThat(component.needsLeadership()).isTrue();
                    assertThat(component.name()).isEqualTo("model-deployment");
                    assertThat(context.getBean(io.dubboai.deployment.rollout.VersionExecutor.class)
                                    .name())
                            .isEqualTo("providers");
                });
    }

    @Test
    void inModelHostModeShouldAssignVersionsToTheFleetsHosts() {
        web.withBean(DynamicConfiguration.class, () -> mock(DynamicConfiguration.class))
                .withPropertyValues("dubbo.ai.deployment.executor=hosts", "dubbo.ai.deployment.hosts.stale-after=1m")
                .run(context -> assertThat(context.getBean(io.dubboai.deployment.rollout.VersionExecutor.class))
                        .isInstanceOf(io.dubboai.deployment.hosts.ModelHostsExecutor.class));
    }

    @Test
    void inKubernetesModeShouldRunVersionsAsDeploymentsAndReadTheResources() {
        io.fabric8.kubernetes.client.KubernetesClient client =
                mock(io.fabric8.kubernetes.client.KubernetesClient.class);
        web.withBean(DynamicConfiguration.class, () -> mock(DynamicConfiguration.class))
                .withBean(io.fabric8.kubernetes.client.KubernetesClient.class, () -> client)
                .withPropertyValues(
                        "dubbo.ai.deployment.executor=kubernetes",
                        "dubbo.ai.deployment.kubernetes.namespace=models",
                        "dubbo.ai.deployment.kubernetes.registry-address=zookeeper://zk:2181")
                .run(context -> {
                    assertThat(context.getBean(io.dubboai.deployment.rollout.VersionExecutor.class))
                            .isInstanceOf(io.dubboai.deployment.kubernetes.KubernetesExecutor.class);
                    assertThat(context).hasSingleBean(io.dubboai.deployment.kubernetes.ModelDeploymentResources.class);
                });
    }

    @Test
    void inKubernetesModeWithInferenceServicesShouldRunVersionsAsKServeServices() {
        web.withBean(DynamicConfiguration.class, () -> mock(DynamicConfiguration.class))
                .withBean(
                        io.fabric8.kubernetes.client.KubernetesClient.class,
                        () -> mock(io.fabric8.kubernetes.client.KubernetesClient.class))
                .withPropertyValues(
                        "dubbo.ai.deployment.executor=kubernetes",
                        "dubbo.ai.deployment.kubernetes.namespace=models",
                        "dubbo.ai.deployment.kubernetes.registry-address=zookeeper://zk:2181",
                        "dubbo.ai.deployment.kubernetes.workload=inference-service")
                .run(context -> assertThat(context.getBean(io.dubboai.deployment.rollout.VersionExecutor.class))
                        .isInstanceOf(io.dubboai.deployment.kubernetes.InferenceServiceExecutor.class));
    }

    @Test
    void inKubernetesModeWithAnUnknownWorkloadShouldSayWhatIsAllowed() {
        web.withBean(DynamicConfiguration.class, () -> mock(DynamicConfiguration.class))
                .withBean(
                        io.fabric8.kubernetes.client.KubernetesClient.class,
                        () -> mock(io.fabric8.kubernetes.client.KubernetesClient.class))
                .withPropertyValues(
                        "dubbo.ai.deployment.executor=kubernetes",
                        "dubbo.ai.deployment.kubernetes.namespace=models",
                        "dubbo.ai.deployment.kubernetes.registry-address=zookeeper://zk:2181",
                        "dubbo.ai.deployment.kubernetes.workload=knative")
                .run(context -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .hasMessage("dubbo.ai.deployment.kubernetes.workload is 'knative'; use deployment (a Deployment"
                                + " per version) or inference-service (a KServe InferenceService per version)"));
    }

    @Test
    void inKubernetesModeWithoutARegistryAddressShouldSayWhatToSet() {
        web.withBean(DynamicConfiguration.class, () -> mock(DynamicConfiguration.class))
                .withBean(
                        io.fabric8.kubernetes.client.KubernetesClient.class,
                        () -> mock(io.fabric8.kubernetes.client.KubernetesClient.class))
                .withPropertyValues("dubbo.ai.deployment.executor=kubernetes")
                .run(context -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("set dubbo.ai.deployment.kubernetes.registry-address"));
    }

    @Test
    void withoutAConfigCenterShouldStayOff() {
        web.run(context -> assertThat(context)
                .hasNotFailed()
                .doesNotHaveBean(RouteRuleEditor.class)
                .doesNotHaveBean(RouteRuleController.class));
    }

    @Test
    void whenDisabledShouldStayOff() {
        web.withBean(DynamicConfiguration.class, () -> mock(DynamicConfiguration.class))
                .withPropertyValues("dubbo.ai.deployment.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(RouteRuleService.class));
    }

    @Test
    void withTheApplicationsOwnEditorShouldBackOff() {
        RouteRuleEditor own = RouteRuleEditor.on(mock(DynamicConfiguration.class));
        web.withBean(DynamicConfiguration.class, () -> mock(DynamicConfiguration.class))
                .withBean(RouteRuleEditor.class, () -> own)
                .run(context ->
                        assertThat(context.getBean(RouteRuleEditor.class)).isSameAs(own));
    }

    @Test
    void outsideAWebApplicationShouldOfferTheServiceWithoutTheController() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(ModelDeploymentAutoConfiguration.class))
                .withBean(DynamicConfiguration.class, () -> mock(DynamicConfiguration.class))
                .run(context -> assertThat(context)
                        .hasSingleBean(RouteRuleService.class)
                        .doesNotHaveBean(RouteRuleController.class));
    }
}
