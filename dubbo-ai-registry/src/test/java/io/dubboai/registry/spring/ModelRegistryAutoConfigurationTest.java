package io.dubboai.registry.spring;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

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
}
