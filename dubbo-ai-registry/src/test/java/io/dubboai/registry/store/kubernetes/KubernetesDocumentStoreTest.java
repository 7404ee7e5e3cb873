package io.dubboai.registry.store.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.dubboai.controlplane.store.Document;
import io.dubboai.controlplane.store.kubernetes.KubernetesDocumentStore;
import io.dubboai.core.model.ModelSignature;
import io.dubboai.registry.Audit;
import io.dubboai.registry.Lineage;
import io.dubboai.registry.ModelVersion;
import io.dubboai.registry.RegisteredModel;
import io.dubboai.registry.RegistryException;
import io.dubboai.registry.Stage;
import io.dubboai.registry.VersionStatus;
import io.dubboai.registry.store.DocumentMetadataStore;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Kubernetes document store and the metadata store on it, against fabric8's mock server in CRUD mode. */
class KubernetesDocumentStoreTest {

    private KubernetesMockServer server;
    private KubernetesClient client;

    @BeforeEach
    void start() {
        server = KubernetesMock.start();
        client = server.createClient();
    }

    @AfterEach
    void stop() {
        client.close();
        server.destroy();
    }

    @Test
    void replaceWithAStaleResourceVersionShouldBeRefused() {
        KubernetesDocumentStore store = new KubernetesDocumentStore(client, "registry", 100_000);
        assertThat(store.create("churn.model", "{\"a\":1}")).isTrue();
        assertThat(store.create("churn.model", "{\"a\":2}")).isFalse();
        Document first = store.read("churn.model").orElseThrow();
        assertThat(store.replace("churn.model", "{\"a\":3}", first.ticket())).isTrue();
        assertThat(store.replace("churn.model", "{\"a\":4}", first.ticket())).isFalse();
        assertThat(store.read("churn.model").orElseThrow().content()).isEqualTo("{\"a\":3}");
        store.delete("churn.model");
        assertThat(store.read("churn.model")).isEmpty();
    }

    @Test
    void resourceNamesShouldBeValidAndDistinctForKeysDifferingInCase() {
        String upper = KubernetesDocumentStore.resourceName("Churn_Model.12.model-version");
        String lower = KubernetesDocumentStore.resourceName("churn_model.12.model-version");
        assertThat(upper).matches("[a-z0-9]([-a-z0-9.]*[a-z0-9])?").isNotEqualTo(lower);
        assertThat(KubernetesDocumentStore.resourceName("x".repeat(300))).hasSizeLessThanOrEqualTo(253);
    }

    @Test
    void twoNodesRegisteringVersionsConcurrentlyShouldGetUniqueContiguousNumbers() throws Exception {
        DocumentMetadataStore first = metadataStore();
        DocumentMetadataStore second = metadataStore();
        try {
            Instant now = Instant.parse("2026-11-23T00:00:00Z");
            first.createModel(RegisteredModel.create("fraud", "", "alice", Map.of(), Audit.created(now, "alice")));
            assertThatThrownBy(() -> second.createModel(
                            RegisteredModel.create("fraud", "", "bob", Map.of(), Audit.created(now, "bob"))))
                    .isInstanceOfSatisfying(RegistryException.class, e -> assertThat(e.reason())
                            .isEqualTo(RegistryException.Reason.ALREADY_EXISTS));

            ExecutorService pool = Executors.newFixedThreadPool(8);
            List<Future<Long>> futures = new ArrayList<>();
            for (int i = 0; i < 24; i++) {
                DocumentMetadataStore node = i % 2 == 0 ? first : second;
                String run = "run-" + i;
                futures.add(pool.submit(() -> node.createVersion(
                                "fraud",
                                number -> new ModelVersion(
                                        "fraud",
                                        number,
                                        "",
                                        null,
                                        null,
                                        "",
                                        "",
                                        ModelSignature.EMPTY,
                                        Map.of(),
                                        Map.of(),
                                        Map.of(),
                                        new Lineage(run, null, null),
                                        VersionStatus.PENDING,
                                        "",
                                        Stage.NONE,
                                        null,
                                        Audit.created(now, "t"),
                                        1))
                        .version()));
            }
            List<Long> numbers = new ArrayList<>();
            for (Future<Long> future : futures) {
                numbers.add(future.get());
            }
            pool.shutdown();
            assertThat(numbers)
                    .containsExactlyInAnyOrderElementsOf(
                            LongStream.rangeClosed(1, 24).boxed().toList());
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                assertThat(first.versions("fraud")).hasSize(24);
                assertThat(second.versions("fraud")).hasSize(24);
            });
            assertThat(second.versions("fraud").stream().map(v -> v.lineage().sourceRun()))
                    .doesNotHaveDuplicates();
        } finally {
            first.close();
            second.close();
        }
    }

    private DocumentMetadataStore metadataStore() {
        DocumentMetadataStore store = new DocumentMetadataStore(
                new KubernetesDocumentStore(client, "registry", 100_000),
                4,
                Duration.ofMillis(200),
                Duration.ofSeconds(1),
                Clock.systemUTC());
        store.start();
        return store;
    }
}
