package io.dubboai.deployment.training;

import io.dubboai.controlplane.store.DocumentStore;
import io.dubboai.controlplane.store.JsonDocuments;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Submits training jobs as Kubeflow {@code PyTorchJob}s ({@code kubeflow.org/v1}) and follows them: {@link #follow()}
 * (run by the leader's deployment controller each pass) reads each running job's conditions and, once it has
 * {@code Succeeded}, registers its artifact as a new version of the model with lineage
 * {@code kubeflow.org/PyTorchJob/<namespace>/<name>} (found again by that lineage if the registration is retried
 * after a failover, so no second version is made). A job that reaches {@code Failed} is recorded with its message.
 *
 * <p>Trainer v2 {@code TrainJob}s and starting a rollout of the new version are planned.
 */
public final class TrainingJobs implements Runnable {

    /** The PyTorchJob resource. */
    public static final ResourceDefinitionContext PYTORCH_JOB = new ResourceDefinitionContext.Builder()
            .withGroup("kubeflow.org")
            .withVersion("v1")
            .withKind("PyTorchJob")
            .withPlural("pytorchjobs")
            .withNamespaced(true)
            .build();

    /** Prefix of training job documents. */
    public static final String KEY_PREFIX = "training.";

    /** The index of training jobs. */
    public static final String INDEX_KEY = "training-index";

    private static final Logger log = LoggerFactory.getLogger(TrainingJobs.class);

    private final KubernetesClient client;
    private final String namespace;
    private final JsonDocuments<TrainingJob> jobs;
    private final JsonDocuments<io.dubboai.deployment.rollout.DeploymentIndex> index;
    private final VersionRegistrar registrar;
    private final Clock clock;

    public TrainingJobs(
            KubernetesClient client, String namespace, DocumentStore store, VersionRegistrar registrar, Clock clock) {
        this.client = client;
        this.namespace = namespace;
        this.jobs = new JsonDocuments<>(store, TrainingJob.class);
        this.index = new JsonDocuments<>(store, io.dubboai.deployment.rollout.DeploymentIndex.class);
        this.registrar = registrar;
        this.clock = clock;
    }

    /**
     * Creates the PyTorchJob and records the job.
     *
     * @throws IllegalStateException when a job of that name exists
     */
    public TrainingJob submit(TrainingJobSpec spec, String actor) {
        TrainingJob job = new TrainingJob(
                spec, namespace, TrainingJob.State.SUBMITTED, "submitted", null, actor, clock.instant(), null);
        if (!jobs.create(KEY_PREFIX + spec.name(), job)) {
            throw new IllegalStateException("training job '" + spec.name() + "' exists already; choose another name");
        }
        index.create(INDEX_KEY, new io.dubboai.deployment.rollout.DeploymentIndex(List.of()));
        index.update(INDEX_KEY, current -> {
            List<String> names = new ArrayList<>(current.names());
            if (names.contains(spec.name())) {
                return current;
            }
            names.add(spec.name());
            return new io.dubboai.deployment.rollout.DeploymentIndex(names);
        });
        client.genericKubernetesResources(PYTORCH_JOB)
                .inNamespace(namespace)
                .resource(render(spec))
                .create();
        log.info("Submitted PyTorchJob {}/{} for model {} ({})", namespace, spec.name(), spec.model(), actor);
        return job;
    }

    /** The job {@code name}, if any. */
    public Optional<TrainingJob> find(String name) {
        return jobs.read(KEY_PREFIX + name);
    }

    /** One pass: follow every job that has not finished. */
    @Override
    public void run() {
        follow();
    }

    /** Follows every job that has not finished (see the class comment). */
    public void follow() {
        List<String> names = index.read(INDEX_KEY)
                .map(io.dubboai.deployment.rollout.DeploymentIndex::names)
                .orElse(List.of());
        for (String name : names) {
            try {
                find(name)
                        .filter(job ->
                                job.state() == TrainingJob.State.SUBMITTED || job.state() == TrainingJob.State.RUNNING)
                        .ifPresent(this::follow);
            } catch (RuntimeException e) {
                log.warn("Training job {}: {}", name, e.toString());
            }
        }
    }

    private void follow(TrainingJob job) {
        GenericKubernetesResource resource = client.genericKubernetesResources(PYTORCH_JOB)
                .inNamespace(job.namespace())
                .withName(job.spec().name())
                .get();
        if (resource == null) {
            record(job, TrainingJob.State.FAILED, "the PyTorchJob was deleted before it finished", null);
            return;
        }
        Map<String, String> condition = lastTrueCondition(resource);
        String type = condition.getOrDefault("type", "");
        String message = condition.getOrDefault("message", type);
        switch (type) {
            case "Succeeded" -> {
                String version;
                try {
                    version = registrar.register(job);
                } catch (RuntimeException e) {
                    record(
                            job,
                            TrainingJob.State.FAILED,
                            "the job succeeded but its artifact " + job.spec().artifactUri()
                                    + " could not be registered: " + e.getMessage(),
                            null);
                    return;
                }
                record(job, TrainingJob.State.REGISTERED, "succeeded; registered as version " + version, version);
                log.info(
                        "Training job {} succeeded: model {} version {}",
                        job.spec().name(),
                        job.spec().model(),
                        version);
            }
            case "Failed" -> record(job, TrainingJob.State.FAILED, message, null);
            case "" -> {}
            default -> {
                if (job.state() != TrainingJob.State.RUNNING || !job.message().equals(message)) {
                    record(job, TrainingJob.State.RUNNING, message, null);
                }
            }
        }
    }

    private void record(TrainingJob read, TrainingJob.State state, String message, String version) {
        Instant finished =
                state == TrainingJob.State.REGISTERED || state == TrainingJob.State.FAILED ? clock.instant() : null;
        jobs.update(
                KEY_PREFIX + read.spec().name(),
                current -> current.state() == TrainingJob.State.REGISTERED
                        ? current
                        : current.with(state, message, version, finished));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> lastTrueCondition(GenericKubernetesResource resource) {
        Object status = resource.getAdditionalProperties().get("status");
        if (!(status instanceof Map<?, ?> map) || !(map.get("conditions") instanceof List<?> conditions)) {
            return Map.of();
        }
        Map<String, String> last = Map.of();
        for (Object item : conditions) {
            if (item instanceof Map<?, ?> condition && "True".equals(String.valueOf(condition.get("status")))) {
                Map<String, String> copy = new LinkedHashMap<>();
                ((Map<String, Object>) condition).forEach((k, v) -> copy.put(k, String.valueOf(v)));
                last = copy;
            }
        }
        return last;
    }

    /** The PyTorchJob of {@code spec}: one Master and {@code workers − 1} Workers, container {@code pytorch}. */
    GenericKubernetesResource render(TrainingJobSpec spec) {
        Map<String, Object> replicaSpecs = new LinkedHashMap<>();
        replicaSpecs.put("Master", replica(spec, 1));
        if (spec.workers() > 1) {
            replicaSpecs.put("Worker", replica(spec, spec.workers() - 1));
        }
        GenericKubernetesResource job = new GenericKubernetesResourceBuilder()
                .withApiVersion("kubeflow.org/v1")
                .withKind("PyTorchJob")
                .withNewMetadata()
                .withName(spec.name())
                .withNamespace(namespace)
                .withLabels(
                        Map.of("dubbo.ai/model", spec.model(), "app.kubernetes.io/managed-by", "dubbo-ai-deployment"))
                .endMetadata()
                .build();
        job.getAdditionalProperties().put("spec", Map.of("pytorchReplicaSpecs", replicaSpecs));
        return job;
    }

    private static Map<String, Object> replica(TrainingJobSpec spec, int replicas) {
        List<Map<String, String>> env = new ArrayList<>();
        env.add(Map.of("name", "ARTIFACT_URI", "value", spec.artifactUri()));
        env.add(Map.of("name", "MODEL_NAME", "value", spec.model()));
        spec.env().forEach((k, v) -> env.add(Map.of("name", k, "value", v)));
        Map<String, Object> container = new LinkedHashMap<>();
        container.put("name", "pytorch");
        container.put("image", spec.image());
        if (!spec.command().isEmpty()) {
            container.put("command", spec.command());
        }
        container.put("env", env);
        if (spec.gpusPerReplica() > 0) {
            container.put("resources", Map.of("limits", Map.of("nvidia.com/gpu", spec.gpusPerReplica())));
        }
        return Map.of(
                "replicas",
                replicas,
                "restartPolicy",
                "OnFailure",
                "template",
                Map.of("spec", Map.of("containers", List.of(container))));
    }
}
