package io.dubboai.registry.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dubboai.controlplane.store.DocumentStore;
import io.dubboai.controlplane.store.kubernetes.KubernetesDocumentStore;
import io.dubboai.controlplane.testing.ForwardingDocumentStore;
import io.dubboai.registry.ModelAccessPolicy;
import io.dubboai.registry.ModelRegistry;
import io.dubboai.registry.ModelVersion;
import io.dubboai.registry.NewModel;
import io.dubboai.registry.NewVersion;
import io.dubboai.registry.RegistryException;
import io.dubboai.registry.artifact.ArtifactUriPolicy;
import io.dubboai.registry.artifact.FileArtifactStore;
import io.dubboai.registry.artifact.StoredArtifact;
import io.dubboai.registry.store.DocumentMetadataStore;
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
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArtifactGcComponentTest {

    @TempDir
    Path temp;

    private KubernetesMockServer server;
    private KubernetesClient client;
    private KubernetesDocumentStore documents;
    /** Keys whose next delete fails, as if the API server became unreachable half-way through a model delete. */
    private final Set<String> failNextDelete = ConcurrentHashMap.newKeySet();

    private DocumentMetadataStore store;
    private FileArtifactStore artifacts;
    private ModelRegistry registry;

    @BeforeEach
    void start() {
        server = KubernetesMock.start();
        client = server.createClient();
        store = new DocumentMetadataStore(
                new FailingDeletes(documents = new KubernetesDocumentStore(client, "gc", 100_000)),
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
                        "churn", 1, "model.bin", new ByteArrayInputStream(new byte[] {1}), null, "alice")
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

    @Test
    void referenceProfileShouldLiveWithTheVersionSurviveGcBeReplacedAndGoWithTheVersion() throws Exception {
        registry.createModel(new NewModel("churn", "", "", Map.of()), "alice");
        registry.createVersion("churn", NewVersion.ofArtifact(null, null), "alice");
        assertThat(registry.readReferenceProfile("churn", 1)).isEmpty();
        byte[] first = "{\"features\":[\"age\"]}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        ModelVersion withProfile =
                registry.attachReferenceProfile("churn", 1, first, "upload", List.of("age"), "alice");
        io.dubboai.registry.ReferenceProfileLink link = withProfile.referenceProfile();
        assertThat(link).isNotNull();
        assertThat(link.sha256())
                .isEqualTo(java.util.HexFormat.of()
                        .formatHex(java.security.MessageDigest.getInstance("SHA-256")
                                .digest(first)));
        assertThat(link.features()).containsExactly("age");
        assertThat(registry.getVersion("churn", 1).referenceProfile()).isEqualTo(link);
        assertThat(registry.readReferenceProfile("churn", 1)).hasValue(first);

        ArtifactGcComponent later = new ArtifactGcComponent(
                store,
                artifacts,
                Duration.ofMinutes(1),
                Duration.ofHours(1),
                Clock.fixed(Instant.now().plus(Duration.ofHours(2)), ZoneOffset.UTC));
        assertThat(later.collect()).isEmpty();

        byte[] second = "{\"features\":[\"age\",\"income\"]}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        ModelVersion replaced =
                registry.attachReferenceProfile("churn", 1, second, "capture", List.of("age", "income"), "alice");
        assertThat(artifacts.list())
                .extracting(StoredArtifact::uri)
                .containsExactly(replaced.referenceProfile().uri());
        assertThat(registry.readReferenceProfile("churn", 1)).hasValue(second);

        java.nio.file.Files.write(
                Path.of(java.net.URI.create(replaced.referenceProfile().uri())), first);
        assertThatThrownBy(() -> registry.readReferenceProfile("churn", 1))
                .isInstanceOf(RegistryException.class)
                .extracting(e -> ((RegistryException) e).reason())
                .isEqualTo(RegistryException.Reason.CHECKSUM_MISMATCH);

        registry.deleteVersion("churn", 1, "alice");
        assertThat(artifacts.list()).isEmpty();
    }

    @Test
    void collectShouldTakeTheArtifactsOfAModelLeftBeingDeletedAndASecondDeleteShouldFinishIt() {
        registry.createModel(new NewModel("retired", "", "", Map.of()), "alice");
        for (long version = 1; version <= 2; version++) {
            registry.createVersion("retired", NewVersion.ofArtifact(null, null), "alice");
            registry.uploadArtifact(
                    "retired",
                    version,
                    "model.bin",
                    new ByteArrayInputStream(new byte[] {(byte) version}),
                    null,
                    "alice");
        }
        failNextDelete.add("retired.1.model-version");

        assertThatThrownBy(() -> registry.deleteModel("retired", "alice"))
                .isInstanceOfSatisfying(RegistryException.class, e -> assertThat(e.reason())
                        .isEqualTo(RegistryException.Reason.UNAVAILABLE));

        // the tombstone is written and both versions are left: the model is gone for readers and writers
        assertThat(documents.read("retired.model")).isPresent();
        assertThat(store.models()).isEmpty();
        assertThatThrownBy(() -> registry.createVersion("retired", NewVersion.ofArtifact(null, null), "bob"))
                .isInstanceOfSatisfying(RegistryException.class, e -> {
                    assertThat(e.reason()).isEqualTo(RegistryException.Reason.CONFLICT);
                    assertThat(e.getMessage()).contains("model 'retired' is being deleted");
                });
        // a delete never reverts, so the collector may take the artifacts of a model being deleted at once
        Instant later = Instant.now().plus(Duration.ofHours(2));
        ArtifactGcComponent collector = new ArtifactGcComponent(
                store, artifacts, Duration.ofMinutes(1), Duration.ofHours(1), Clock.fixed(later, ZoneOffset.UTC));
        assertThat(collector.collect()).hasSize(2);
        assertThat(artifacts.list()).isEmpty();

        List<ModelVersion> finished = registry.deleteModel("retired", "alice");

        assertThat(finished).extracting(ModelVersion::version).containsExactly(1L, 2L);
        for (String key : List.of("retired.model", "retired.1.model-version", "retired.2.model-version")) {
            assertThat(documents.read(key)).as(key).isEmpty();
        }
        assertThatThrownBy(() -> registry.getModel("retired"))
                .isInstanceOfSatisfying(RegistryException.class, e -> assertThat(e.reason())
                        .isEqualTo(RegistryException.Reason.NOT_FOUND));
    }

    /** The Kubernetes store, except that a delete of a key in {@link #failNextDelete} fails once. */
    private final class FailingDeletes extends ForwardingDocumentStore {

        FailingDeletes(DocumentStore delegate) {
            super(delegate);
        }

        @Override
        public void delete(String key) {
            if (failNextDelete.remove(key)) {
                throw new RegistryException(
                        RegistryException.Reason.UNAVAILABLE, null, null, "API server unreachable (test)");
            }
            super.delete(key);
        }
    }
}
