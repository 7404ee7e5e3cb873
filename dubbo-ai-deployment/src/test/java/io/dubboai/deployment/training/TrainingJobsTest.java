package io.dubboai.deployment.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dubboai.controlplane.store.FileDocumentStore;
import io.dubboai.registry.ModelAccessPolicy;
import io.dubboai.registry.ModelRegistry;
import io.dubboai.registry.ModelVersion;
import io.dubboai.registry.NewModel;
import io.dubboai.registry.artifact.ArtifactUriPolicy;
import io.dubboai.registry.store.DocumentMetadataStore;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A PyTorchJob on fabric8's mock API server in CRUD mode (the test writes the job's conditions, as the Kubeflow
 * training operator would) and the real model registry on a file document store: on {@code Succeeded} the artifact
 * becomes a registered version with lineage to the job, once.
 */
class TrainingJobsTest {

    private static final String NS = "training";

    @TempDir
    Path dir;

    private io.dubboai.deployment.MockKubernetes server;
    private KubernetesClient client;
    private ModelRegistry registry;
    private TrainingJobs jobs;

    @BeforeEach
    void start() {
        server = new io.dubboai.deployment.MockKubernetes(NS);
        client = server.client();
        registry = new ModelRegistry(
                new DocumentMetadataStore(
                        new FileDocumentStore(dir.resolve("registry")),
                        4,
                        Duration.ofMillis(100),
                        Duration.ofSeconds(10),
                        Clock.systemUTC()),
                null,
                new ArtifactUriPolicy(Set.of("s3"), Set.of("models"), List.of()),
                null,
                ModelAccessPolicy.ALLOW_ALL,
                Clock.systemUTC());
        registry.createModel(new NewModel("churn", "churn model", "alice", Map.of()), "alice");
        jobs = new TrainingJobs(
                client,
                NS,
                new FileDocumentStore(dir.resolve("deployment")),
                new RegistryVersionRegistrar(registry),
                Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    private static TrainingJobSpec spec() {
        return new TrainingJobSpec(
                "churn-train-1",
                "churn",
                "ghcr.io/acme/churn-train:1.4",
                List.of("python", "train.py"),
                3,
                1,
                "s3://models/churn/train-1/model.onnx",
                null,
                "s3://data/churn/2026-11",
                Map.of("EPOCHS", "5"));
    }

    @Test
    void succeededJob_registersItsArtifactOnceWithLineage() {
        jobs.submit(spec(), "alice");

        GenericKubernetesResource submitted = pytorchJob();
        assertThat(submitted.getMetadata().getLabels()).containsEntry("dubbo.ai/model", "churn");
        com.fasterxml.jackson.databind.JsonNode replicas = new com.fasterxml.jackson.databind.ObjectMapper()
                .valueToTree(submitted.getAdditionalProperties().get("spec"))
                .get("pytorchReplicaSpecs");
        assertThat(replicas.at("/Master/replicas").asInt()).isEqualTo(1);
        assertThat(replicas.at("/Worker/replicas").asInt()).isEqualTo(2);
        com.fasterxml.jackson.databind.JsonNode container = replicas.at("/Worker/template/spec/containers/0");
        assertThat(container.get("name").asText()).isEqualTo("pytorch");
        assertThat(container.get("image").asText()).isEqualTo("ghcr.io/acme/churn-train:1.4");
        assertThat(container.at("/resources/limits/nvidia.com~1gpu").asInt()).isEqualTo(1);
        assertThat(container.get("env").toString())
                .contains("ARTIFACT_URI", "s3://models/churn/train-1/model.onnx", "EPOCHS");

        jobs.follow();
        assertThat(jobs.find("churn-train-1").orElseThrow().state()).isEqualTo(TrainingJob.State.SUBMITTED);
        setConditions(List.of(condition("Created", "True", "created"), condition("Running", "True", "2 of 3 up")));
        jobs.follow();
        TrainingJob running = jobs.find("churn-train-1").orElseThrow();
        assertThat(running.state()).isEqualTo(TrainingJob.State.RUNNING);
        assertThat(running.message()).isEqualTo("2 of 3 up");
        assertThat(registry.versions("churn")).isEmpty();

        setConditions(List.of(
                condition("Created", "True", "created"),
                condition("Running", "False", "done"),
                condition("Succeeded", "True", "PyTorchJob churn-train-1 is successfully completed.")));
        jobs.follow();
        jobs.follow();

        TrainingJob done = jobs.find("churn-train-1").orElseThrow();
        assertThat(done.state()).isEqualTo(TrainingJob.State.REGISTERED);
        assertThat(done.registeredVersion()).isEqualTo("1");
        assertThat(registry.versions("churn")).singleElement().satisfies((ModelVersion v) -> {
            assertThat(v.artifactUri()).isEqualTo("s3://models/churn/train-1/model.onnx");
            assertThat(v.lineage().trainingJob()).isEqualTo("kubeflow.org/PyTorchJob/training/churn-train-1");
            assertThat(v.lineage().dataset()).isEqualTo("s3://data/churn/2026-11");
        });
        // a registration retried after a failover finds the version by its lineage
        assertThat(new RegistryVersionRegistrar(registry).register(done)).isEqualTo("1");
        assertThat(registry.versions("churn")).hasSize(1);
    }

    @Test
    void failedJob_isRecordedWithItsMessageAndRegistersNothing() {
        jobs.submit(spec(), "alice");
        setConditions(List.of(condition("Failed", "True", "Master exited with code 137 (OOMKilled)")));
        jobs.follow();

        TrainingJob failed = jobs.find("churn-train-1").orElseThrow();
        assertThat(failed.state()).isEqualTo(TrainingJob.State.FAILED);
        assertThat(failed.message()).isEqualTo("Master exited with code 137 (OOMKilled)");
        assertThat(registry.versions("churn")).isEmpty();
        assertThatThrownBy(() -> jobs.submit(spec(), "bob"))
                .hasMessage("training job 'churn-train-1' exists already; choose another name");
    }

    @Test
    void spec_badValues_sayWhatIsExpected() {
        assertThatThrownBy(() -> new TrainingJobSpec(
                        "Churn_1", "churn", "img", List.of(), 1, 0, "s3://models/x", null, null, Map.of()))
                .hasMessage("name 'Churn_1' must be a DNS-1123 label, e.g. 'churn-train-7'");
        assertThatThrownBy(() -> new TrainingJobSpec(
                        "c", "churn", "img", List.of(), 0, 0, "s3://models/x", null, null, Map.of()))
                .hasMessage("workers must be 1..256, but was 0");
    }

    private GenericKubernetesResource pytorchJob() {
        return client.genericKubernetesResources(TrainingJobs.PYTORCH_JOB)
                .inNamespace(NS)
                .withName("churn-train-1")
                .get();
    }

    private void setConditions(List<Map<String, String>> conditions) {
        GenericKubernetesResource job = pytorchJob();
        job.getAdditionalProperties().put("status", Map.of("conditions", conditions));
        client.genericKubernetesResources(TrainingJobs.PYTORCH_JOB)
                .inNamespace(NS)
                .resource(job)
                .updateStatus();
    }

    private static Map<String, String> condition(String type, String status, String message) {
        return Map.of("type", type, "status", status, "message", message);
    }
}
