package io.dubboai.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dubboai.controlplane.store.kubernetes.KubernetesDocumentStore;
import io.dubboai.registry.artifact.ArtifactUriPolicy;
import io.dubboai.registry.store.DocumentMetadataStore;
import io.dubboai.registry.store.kubernetes.KubernetesMock;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The ownership hook the admin server plugs in: checked before every write to an existing model. */
class ModelAccessPolicyTest {

    private KubernetesMockServer server;
    private KubernetesClient client;
    private DocumentMetadataStore store;
    private ModelRegistry registry;

    @BeforeEach
    void start() {
        server = KubernetesMock.start();
        client = server.createClient();
        store = new DocumentMetadataStore(
                new KubernetesDocumentStore(client, "policy", 100_000),
                2,
                Duration.ofSeconds(1),
                Duration.ofMinutes(1),
                Clock.systemUTC());
        store.start();
        ModelAccessPolicy ownersOnly = (actor, model) -> {
            if (!actor.equals(model.owner())) {
                throw new SecurityException(
                        actor + " may not change model '" + model.name() + "'; ask its owner " + model.owner());
            }
        };
        registry = new ModelRegistry(
                store,
                null,
                new ArtifactUriPolicy(Set.of("s3"), Set.of("models"), List.of()),
                null,
                ownersOnly,
                Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        store.close();
        client.close();
        server.destroy();
    }

    @Test
    void writesByAnotherCallerShouldBeRefusedAndChangeNothing() {
        registry.createModel(new NewModel("churn", "", "", Map.of()), "alice");
        assertThat(registry.getModel("churn").owner()).isEqualTo("alice");
        registry.createVersion("churn", NewVersion.ofArtifact(null, null), "alice");

        assertThatThrownBy(() -> registry.setAlias("churn", "champion", 1, "mallory"))
                .isInstanceOf(SecurityException.class)
                .hasMessageContaining("mallory may not change model 'churn'; ask its owner alice");
        assertThatThrownBy(() -> registry.createVersion("churn", NewVersion.ofArtifact(null, null), "mallory"))
                .isInstanceOf(SecurityException.class);
        assertThatThrownBy(() -> registry.deleteModel("churn", "mallory")).isInstanceOf(SecurityException.class);

        RegisteredModel unchanged = registry.getModel("churn");
        assertThat(unchanged.aliases()).isEmpty();
        assertThat(unchanged.lastVersion()).isEqualTo(1);
        assertThat(registry.setAlias("churn", "champion", 1, "alice").aliases()).containsEntry("champion", 1L);
    }
}
