package io.dubboai.registry.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.dubboai.controlplane.store.ConfigCenters;
import io.dubboai.registry.ModelAccessPolicy;
import io.dubboai.registry.ModelRegistry;
import io.dubboai.registry.artifact.ArtifactStore;
import io.dubboai.registry.artifact.FileArtifactStore;
import io.dubboai.registry.component.ArtifactGcComponent;
import io.dubboai.registry.store.MetadataStore;
import io.dubboai.registry.store.kubernetes.KubernetesMock;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.nio.file.Path;
import org.apache.dubbo.common.config.configcenter.DynamicConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

@ExtendWith(OutputCaptureExtension.class)
class ModelRegistryAutoConfigurationTest {

    @TempDir
    Path temp;

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ModelRegistryAutoConfiguration.class));

    @Test
    void withoutAConfigCenterStartupShouldFailSayingWhatToSet() {
        runner.run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure())
                    .rootCause()
                    .hasMessageContaining("set dubbo.ai.registry.store.address")
                    .hasMessageContaining("or define a DynamicConfiguration bean");
        });
    }

    @Test
    void whenDisabledNothingShouldBeCreated() {
        runner.withPropertyValues("dubbo.ai.registry.enabled=false").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean(ModelRegistry.class).doesNotHaveBean(MetadataStore.class);
        });
    }

    @Test
    void withAFileStoreTheGcComponentShouldExistAndUserBeansShouldWin() {
        KubernetesMockServer server = KubernetesMock.start();
        ModelAccessPolicy ownersOnly = (actor, model) -> {
            if (!actor.equals(model.owner())) {
                throw new SecurityException(actor + " does not own " + model.name());
            }
        };
        runner.withPropertyValues(
                        "dubbo.ai.registry.store.type=kubernetes",
                        "dubbo.ai.registry.artifacts.type=file",
                        "dubbo.ai.registry.artifacts.file-root=" + temp)
                .withBean(ModelAccessPolicy.class, () -> ownersOnly)
                .withBean(KubernetesClient.class, server::createClient)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).getBean(ModelAccessPolicy.class).isSameAs(ownersOnly);
                    assertThat(context).getBean(ArtifactStore.class).isInstanceOf(FileArtifactStore.class);
                    assertThat(context).hasSingleBean(ArtifactGcComponent.class);
                    assertThat(context.getBean(ArtifactGcComponent.class).needsLeadership())
                            .isTrue();
                });
        server.destroy();
    }

    // ---------------------------------------------------------------- write access (fails closed)

    private KubernetesMockServer kubernetes;

    @AfterEach
    void stopKubernetes() {
        if (kubernetes != null) {
            kubernetes.destroy();
        }
    }

    /** A servlet web application with the registry on the Kubernetes mock store. */
    private WebApplicationContextRunner webApplication() {
        kubernetes = KubernetesMock.start();
        return new WebApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(ModelRegistryAutoConfiguration.class))
                .withPropertyValues("dubbo.ai.registry.store.type=kubernetes", "dubbo.ai.registry.route-rules=false")
                .withBean(KubernetesClient.class, kubernetes::createClient);
    }

    @Test
    void withoutAnAccessPolicyWritesShouldBeRefusedAndNoAllowAllPolicyCreated(CapturedOutput output) {
        webApplication().run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean(ModelAccessPolicy.class);
            assertThat(context.getBean(RegistryWriteGuard.class).refusesWrites())
                    .isTrue();
        });
        assertThat(output).doesNotContain(RegistryWriteGuard.ALLOW_ANONYMOUS_WRITES + "=true");
    }

    @Test
    void withAnonymousWritesAllowedWritesShouldBeOpenAndAWarningLogged(CapturedOutput output) {
        webApplication()
                .withPropertyValues(RegistryWriteGuard.ALLOW_ANONYMOUS_WRITES + "=true")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(RegistryWriteGuard.class).refusesWrites())
                            .isFalse();
                });
        assertThat(output)
                .contains("WARN")
                .contains(RegistryWriteGuard.ALLOW_ANONYMOUS_WRITES + "=true: the model registry accepts writes")
                .contains("without authentication");
    }

    @Test
    void withAnAccessPolicyBeanWritesShouldBeOpenWithoutAWarning(CapturedOutput output) {
        ModelAccessPolicy ownersOnly = (actor, model) -> {};
        webApplication()
                .withPropertyValues(RegistryWriteGuard.ALLOW_ANONYMOUS_WRITES + "=true")
                .withBean(ModelAccessPolicy.class, () -> ownersOnly)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(RegistryWriteGuard.class).refusesWrites())
                            .isFalse();
                    assertThat(context.getBean(ModelRegistry.class)).isNotNull();
                });
        // the policy decides; the anonymous opt-in is not in force and not warned about
        assertThat(output).doesNotContain("the model registry accepts writes");
    }

    @Test
    void theStoreDescriptionInLogsAndErrorsShouldNotCarryTheAddressesCredentials() {
        String address = "zookeeper://admin:s3cret@127.0.0.1:" + RegistryApplicationTestBase.ZOO_KEEPER.port();
        DynamicConfiguration center = ConfigCenters.open(
                RegistryApplicationTestBase.ZOO_KEEPER.dubboAddress(),
                new org.apache.dubbo.rpc.model.FrameworkModel().newApplication());
        runner.withPropertyValues("dubbo.ai.registry.store.address=" + address, "dubbo.ai.registry.route-rules=false")
                .withBean(DynamicConfiguration.class, () -> center)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(MetadataStore.class).describe())
                            .contains("zookeeper://admin:***@127.0.0.1:")
                            .doesNotContain("s3cret");
                });
    }
}
