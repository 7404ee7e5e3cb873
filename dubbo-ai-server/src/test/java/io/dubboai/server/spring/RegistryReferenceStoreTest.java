package io.dubboai.server.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dubboai.controlplane.store.FileDocumentStore;
import io.dubboai.monitor.control.drift.ReferenceProfiles;
import io.dubboai.monitor.control.drift.StoredReference;
import io.dubboai.monitor.sketch.FeatureProfile;
import io.dubboai.monitor.sketch.ReferenceProfile;
import io.dubboai.monitor.sketch.SketchConfig;
import io.dubboai.registry.ModelAccessPolicy;
import io.dubboai.registry.ModelRegistry;
import io.dubboai.registry.NewModel;
import io.dubboai.registry.NewVersion;
import io.dubboai.registry.ReferenceProfileLink;
import io.dubboai.registry.artifact.ArtifactUriPolicy;
import io.dubboai.registry.artifact.FileArtifactStore;
import io.dubboai.registry.artifact.StoredArtifact;
import io.dubboai.registry.store.DocumentMetadataStore;
import java.io.StringReader;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reference profiles kept with the version in a real registry (file documents, file artifact store). */
class RegistryReferenceStoreTest {

    @TempDir
    Path temp;

    private DocumentMetadataStore store;
    private FileArtifactStore artifacts;
    private ModelRegistry registry;
    private ReferenceProfiles legacy;
    private RegistryReferenceStore references;

    @BeforeEach
    void start() {
        store = new DocumentMetadataStore(
                new FileDocumentStore(temp.resolve("documents")),
                2,
                Duration.ofSeconds(1),
                Duration.ofMinutes(1),
                Clock.systemUTC());
        store.start();
        artifacts = new FileArtifactStore(temp.resolve("artifacts"));
        registry = new ModelRegistry(
                store,
                artifacts,
                new ArtifactUriPolicy(Set.of("file"), Set.of(), List.of(temp)),
                null,
                ModelAccessPolicy.ALLOW_ALL,
                Clock.systemUTC());
        legacy = new ReferenceProfiles(new FileDocumentStore(temp.resolve("monitoring")));
        references = new RegistryReferenceStore(() -> registry, legacy);
        registry.createModel(new NewModel("churn", "", "", Map.of()), "alice");
        registry.createVersion("churn", NewVersion.ofArtifact(null, null), "alice");
    }

    @AfterEach
    void stop() {
        store.close();
    }

    @Test
    void aProfileOfSixtyNumericFeaturesShouldBeKeptWithTheVersionAndGoWithIt() {
        StoredReference reference = reference(60);
        references.put(reference, "alice");

        ReferenceProfileLink link = registry.getVersion("churn", 1).referenceProfile();
        assertThat(link).isNotNull();
        assertThat(link.source()).isEqualTo("upload");
        assertThat(link.features()).hasSize(60).startsWith("f0", "f1");
        assertThat(link.size()).isGreaterThan(100 * 1024); // more than a monitoring document may hold
        assertThat(artifacts.list()).extracting(StoredArtifact::uri).containsExactly(link.uri());

        StoredReference read = references.find("churn", "1").orElseThrow();
        assertThat(read.profile().featureNames()).isEqualTo(reference.profile().featureNames());
        assertThat(read.profile().features()).extracting(FeatureProfile::count).containsOnly(500L);

        registry.deleteVersion("churn", 1, "alice");
        assertThat(artifacts.list()).isEmpty();
    }

    @Test
    void deleteShouldDetachTheProfileAndRemoveItsArtifact() {
        references.put(reference(2), "alice");
        assertThat(references.delete("churn", "1", "alice")).isTrue();
        assertThat(registry.getVersion("churn", 1).referenceProfile()).isNull();
        assertThat(artifacts.list()).isEmpty();
        assertThat(references.find("churn", "1")).isEmpty();
        assertThat(references.delete("churn", "1", "alice")).isFalse();
    }

    @Test
    void aProfileLeftInTheMonitoringDocumentsShouldMoveIntoTheRegistryOnFirstRead() {
        legacy.put(reference(3), "alice");

        assertThat(references.find("churn", "1")).isPresent();

        assertThat(legacy.find("churn", "1")).isEmpty();
        assertThat(registry.getVersion("churn", 1).referenceProfile().features())
                .containsExactly("f0", "f1", "f2");
    }

    @Test
    void badVersionsShouldGetClearErrors() {
        assertThatThrownBy(() -> references.put(reference(1, "churn", "latest"), "alice"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'latest' is not a registry version number");
        assertThatThrownBy(() -> references.put(reference(1, "churn", "7"), "alice"))
                .isInstanceOf(NoSuchElementException.class)
                .hasMessageContaining("7");
    }

    @Test
    void withoutAnArtifactStoreProfilesShouldStayInTheMonitoringDocuments() {
        ModelRegistry bare = new ModelRegistry(
                store,
                null,
                new ArtifactUriPolicy(Set.of("file"), Set.of(), List.of(temp)),
                null,
                ModelAccessPolicy.ALLOW_ALL,
                Clock.systemUTC());
        RegistryReferenceStore documentsOnly = new RegistryReferenceStore(() -> bare, legacy);
        documentsOnly.put(reference(2), "alice");
        assertThat(legacy.find("churn", "1")).isPresent();
        assertThat(registry.getVersion("churn", 1).referenceProfile()).isNull();
        assertThat(documentsOnly.describe()).isEqualTo("the monitoring documents");
    }

    private static StoredReference reference(int features) {
        return reference(features, "churn", "1");
    }

    private static StoredReference reference(int features, String model, String version) {
        Random random = new Random(features);
        String header = IntStream.range(0, features).mapToObj(i -> "f" + i).collect(Collectors.joining(","));
        StringBuilder csv = new StringBuilder(header).append('\n');
        for (int row = 0; row < 500; row++) {
            csv.append(IntStream.range(0, features)
                            .mapToObj(i -> Double.toString(random.nextGaussian()))
                            .collect(Collectors.joining(",")))
                    .append('\n');
        }
        ReferenceProfile profile = ReferenceProfile.fromCsv(new StringReader(csv.toString()), SketchConfig.DEFAULTS);
        return new StoredReference(model, version, Instant.now(), "upload", profile);
    }
}
