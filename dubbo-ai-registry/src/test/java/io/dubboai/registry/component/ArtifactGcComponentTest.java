package io.dubboai.registry.component;

import static org.assertj.core.api.Assertions.assertThat;

import io.dubboai.registry.ModelAccessPolicy;
import io.dubboai.registry.ModelRegistry;
import io.dubboai.registry.NewModel;
import io.dubboai.registry.NewVersion;
import io.dubboai.registry.artifact.ArtifactUriPolicy;
import io.dubboai.registry.artifact.FileArtifactStore;
import io.dubboai.registry.artifact.StoredArtifact;
import io.dubboai.registry.store.DocumentMetadataStore;
import io.dubboai.registry.store.kubernetes.KubernetesDocumentStore;
import io.dubboai.registry.store.kubernetes.KubernetesMock;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArtifactGcComponentTest {

    @TempDir
    Path temp;

    private KubernetesMockServer server;
    private KubernetesClient client;
    private DocumentMetadataStore store;
    private FileArtifactStore artifacts;
    private ModelRegistry registry;

    @BeforeEach
    void start() {
        server = KubernetesMock.start();
        client = server.createClient();
        store = new DocumentMetadataStore(
                new KubernetesDocumentStore(client, "gc", 100_000),
                2,
                Duration.ofSeconds(1),
                Duration.ofMinutes(1),
                Clock.systemUTC());
        store.start();
        artifacts = new FileArtifactStore(temp);
        registry = new ModelRegistry(
                store,
                artifacts,
                new ArtifactUriPolicy(Set.of("file"), Set.of(), List.of(temp)),
                null,
                ModelAccessPolicy.ALLOW_ALL,
                Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        store.close();
        client.close();
        server.destroy();
    }

    @Test
    void collectShouldDeleteOnlyUnreferencedArtifactsOlderThanTheGracePeriod() {
        registry.createModel(new NewModel("churn", "", "", Map.of()), "alice");
        registry.createVersion("churn", NewVersion.ofArtifact(null, null), "alice");
        String kept = registry.uploadArtifact(
                        "churn", 1, "model.onnx", new ByteArrayInputStream(new byte[] {1}), null, "alice")
                .artifactUri();
        StoredArtifact orphan =
                artifacts.upload("churn", 9, "model.onnx", new ByteArrayInputStream(new byte[] {2}), null);

        Instant afterUpload = orphan.lastModified().plusSeconds(60);
        ArtifactGcComponent young = new ArtifactGcComponent(
                store, artifacts, Duration.ofMinutes(1), Duration.ofHours(1), Clock.fixed(afterUpload, ZoneOffset.UTC));
        assertThat(young.needsLeadership()).isTrue();
        assertThat(young.collect()).isEmpty();

        ArtifactGcComponent later = new ArtifactGcComponent(
                store,
                artifacts,
                Duration.ofMinutes(1),
                Duration.ofHours(1),
                Clock.fixed(afterUpload.plus(Duration.ofHours(2)), ZoneOffset.UTC));
        assertThat(later.collect()).containsExactly(orphan.uri());
        assertThat(artifacts.list()).extracting(StoredArtifact::uri).containsExactly(kept);
    }
}
