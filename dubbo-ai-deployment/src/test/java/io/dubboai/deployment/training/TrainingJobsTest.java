package io.dubboai.deployment.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dubboai.controlplane.claim.ModelClaims;
import io.dubboai.controlplane.rule.RouteRuleEditor;
import io.dubboai.controlplane.store.FileDocumentStore;
import io.dubboai.deployment.rollout.DeploymentProblem;
import io.dubboai.deployment.rollout.DeploymentService;
import io.dubboai.deployment.rollout.DeploymentSpec;
import io.dubboai.deployment.rollout.Rollout;
import io.dubboai.deployment.rollout.VersionExecutor;
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
import java.util.Optional;
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
    private FileDocumentStore store;
    private DeploymentService deployments;

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
        store = new FileDocumentStore(dir.resolve("deployment"));
        deployments = new DeploymentService(
                store,
                new RouteRuleEditor(store),
                (model, version) -> version,
                new VersionExecutor() {
                    @Override
                    public String name() {
                        return "none";
                    }

                    @Override
                    public Optional<String> checkPlacement(DeploymentSpec spec) {
                        return Optional.empty();
                    }

                    @Override
                    public Readiness ensure(DeploymentSpec spec, String version, String owner) {
                        return new Readiness(false, "not started in this test");
                    }

                    @Override
                    public void remove(DeploymentSpec spec, String version, String owner) {}
                },
                Clock.systemUTC());
        jobs = new TrainingJobs(
                client, NS, store, new RegistryVersionRegistrar(registry), deployments, Clock.systemUTC());
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
                .isInstanceOf(TrainingJobException.Conflict.class)
                .hasMessage("training job 'churn-train-1' exists already; choose another name");
    }

    @Test
    void submit_badSpec_listsEveryProblemByFieldAndCreatesNothing() {
        TrainingJobSpec bad = new TrainingJobSpec(
                        "Churn_1",
                        "churn",
                        " ",
                        List.of(),
                        0,
                        17,
                        "models/x",
                        null,
                        null,
                        Map.of("ARTIFACT_URI", "x", "bad-name", "y"))
                .withDeploy(new DeploymentSpec(null, "fraud", "3", 0, null, null, null, null, null, null, null));
        assertThatThrownBy(() -> jobs.submit(bad, "alice"))
                .isInstanceOfSatisfying(TrainingJobException.Invalid.class, e -> assertThat(e.problems())
                        .extracting(DeploymentProblem::path)
                        .containsExactly(
                                "name",
                                "image",
                                "workers",
                                "gpusPerReplica",
                                "artifactUri",
                                "env.ARTIFACT_URI",
                                "env.bad-name",
                                "deploy.model",
                                "deploy.version",
                                "deploy.name",
                                "deploy.replicas"));
        assertThatThrownBy(() -> jobs.submit(spec().asTrainJob(" ").withDeploy(null), "alice"))
                .isInstanceOfSatisfying(TrainingJobException.Invalid.class, e -> assertThat(e.problems())
                        .containsExactly(new DeploymentProblem(
                                "runtime",
                                "is required for a TrainJob: the ClusterTrainingRuntime it runs on, e.g."
                                        + " 'torch-distributed'")));
        TrainingJobSpec unknownModel = new TrainingJobSpec(
                "ghost-train", "ghost", "img", null, null, null, "s3://models/ghost/1", null, null, null);
        assertThatThrownBy(() -> jobs.submit(unknownModel, "alice"))
                .isInstanceOfSatisfying(TrainingJobException.Invalid.class, e -> assertThat(e.problems())
                        .containsExactly(new DeploymentProblem(
                                "model",
                                "model 'ghost' is not registered; register it first (POST /api/v1/ai/models), the"
                                        + " trained artifact becomes one of its versions")));
        assertThat(jobs.list()).isEmpty();
        assertThat(client.genericKubernetesResources(TrainingJobs.PYTORCH_JOB)
                        .inNamespace(NS)
                        .list()
                        .getItems())
                .isEmpty();
    }

    @Test
    void succeededJob_withADeployTemplate_startsTheRolloutOfTheTrainedVersion() {
        DeploymentSpec template =
                new DeploymentSpec("churn-rollout", null, null, 2, null, null, null, null, null, null, null);
        jobs.submit(spec().withDeploy(template), "alice");
        setConditions(List.of(condition("Succeeded", "True", "done")));
        jobs.follow();

        TrainingJob done = jobs.get("churn-train-1");
        assertThat(done.state()).isEqualTo(TrainingJob.State.REGISTERED);
        assertThat(done.deployment()).isNotNull();
        assertThat(done.deployment().started()).isTrue();
        assertThat(done.deployment().message())
                .isEqualTo("deployment 'churn-rollout' of version 1 created; follow it at"
                        + " /api/v1/ai/deployments/churn-rollout");
        Rollout rollout = deployments.get("churn-rollout");
        assertThat(rollout.candidate()).isEqualTo("1");
        assertThat(rollout.model()).isEqualTo("churn");
        assertThat(rollout.spec().replicas()).isEqualTo(2);
        assertThat(rollout.createdBy()).isEqualTo("training:churn-train-1");
        jobs.follow();
        assertThat(deployments.list()).hasSize(1);
    }

    @Test
    void succeededJob_whoseModelIsHeld_recordsWhyNoRolloutStarted() {
        new ModelClaims(store).claim("churn", "experiment:churn-ab");
        jobs.submit(
                spec().withDeploy(new DeploymentSpec(null, null, null, null, null, null, null, null, null, null, null)),
                "alice");
        setConditions(List.of(condition("Succeeded", "True", "done")));
        jobs.follow();

        TrainingJob.DeploymentOutcome outcome = jobs.get("churn-train-1").deployment();
        assertThat(outcome).isNotNull();
        assertThat(outcome.name()).isEqualTo("churn-train-1");
        assertThat(outcome.started()).isFalse();
        assertThat(outcome.holder()).isEqualTo("experiment:churn-ab");
        assertThat(outcome.message())
                .isEqualTo("model 'churn' is under experiment churn-ab; stop the experiment before rolling the model"
                        + " out");
        assertThat(jobs.get("churn-train-1").state()).isEqualTo(TrainingJob.State.REGISTERED);
        assertThat(deployments.list()).isEmpty();
    }

    @Test
    void trainJob_isRenderedFromTheSpecAndRegisteredOnComplete() throws Exception {
        jobs.submit(spec().asTrainJob("torch-distributed"), "alice");

        GenericKubernetesResource submitted = client.genericKubernetesResources(TrainingJobs.TRAIN_JOB)
                .inNamespace(NS)
                .withName("churn-train-1")
                .get();
        assertThat(submitted.getApiVersion()).isEqualTo("trainer.kubeflow.org/v1alpha1");
        assertThat(submitted.getKind()).isEqualTo("TrainJob");
        com.fasterxml.jackson.databind.JsonNode spec = new com.fasterxml.jackson.databind.ObjectMapper()
                .valueToTree(submitted.getAdditionalProperties().get("spec"));
        assertThat(spec.at("/runtimeRef/name").asText()).isEqualTo("torch-distributed");
        assertThat(spec.at("/trainer/image").asText()).isEqualTo("ghcr.io/acme/churn-train:1.4");
        assertThat(spec.at("/trainer/command").toString()).isEqualTo("[\"python\",\"train.py\"]");
        assertThat(spec.at("/trainer/numNodes").asInt()).isEqualTo(3);
        assertThat(spec.at("/trainer/resourcesPerNode/limits/nvidia.com~1gpu").asInt())
                .isEqualTo(1);
        assertThat(spec.at("/trainer/env"))
                .isEqualTo(
                        new com.fasterxml.jackson.databind.ObjectMapper()
                                .readTree(
                                        "[{\"name\": \"ARTIFACT_URI\", \"value\": \"s3://models/churn/train-1/model.onnx\"},"
                                                + " {\"name\": \"MODEL_NAME\", \"value\": \"churn\"}, {\"name\": \"EPOCHS\", \"value\": \"5\"}]"));

        setTrainJobConditions(List.of(condition("Suspended", "True", "queued by Kueue")));
        jobs.follow();
        assertThat(jobs.get("churn-train-1").state()).isEqualTo(TrainingJob.State.RUNNING);
        assertThat(jobs.get("churn-train-1").message()).isEqualTo("queued by Kueue");
        setTrainJobConditions(
                List.of(condition("Suspended", "False", "resumed"), condition("Complete", "True", "jobset completed")));
        jobs.follow();

        TrainingJob done = jobs.get("churn-train-1");
        assertThat(done.state()).isEqualTo(TrainingJob.State.REGISTERED);
        assertThat(registry.versions("churn")).singleElement().satisfies((ModelVersion v) -> assertThat(
                        v.lineage().trainingJob())
                .isEqualTo("trainer.kubeflow.org/TrainJob/training/churn-train-1"));
    }

    @Test
    void cancel_deletesTheJobAndRecordsWho_andAFinishedJobCannotBeCancelled() {
        jobs.submit(spec(), "alice");
        TrainingJob cancelled = jobs.cancel("churn-train-1", "bob");

        assertThat(cancelled.state()).isEqualTo(TrainingJob.State.CANCELLED);
        assertThat(cancelled.message()).isEqualTo("cancelled by bob");
        assertThat(pytorchJob()).isNull();
        jobs.follow(); // the deleted resource does not turn it into FAILED
        assertThat(jobs.get("churn-train-1").state()).isEqualTo(TrainingJob.State.CANCELLED);
        assertThatThrownBy(() -> jobs.cancel("churn-train-1", "bob"))
                .isInstanceOf(TrainingJobException.Conflict.class)
                .hasMessage("training job 'churn-train-1' is CANCELLED; only a submitted or running job can be"
                        + " cancelled");
        assertThatThrownBy(() -> jobs.get("nope"))
                .isInstanceOf(TrainingJobException.NotFound.class)
                .hasMessage("there is no training job 'nope'; list them with GET /api/v1/ai/training-jobs");
    }

    private void setTrainJobConditions(List<Map<String, String>> conditions) {
        GenericKubernetesResource job = client.genericKubernetesResources(TrainingJobs.TRAIN_JOB)
                .inNamespace(NS)
                .withName("churn-train-1")
                .get();
        job.getAdditionalProperties().put("status", Map.of("conditions", conditions));
        client.genericKubernetesResources(TrainingJobs.TRAIN_JOB)
                .inNamespace(NS)
                .resource(job)
                .updateStatus();
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
