package io.dubboai.deployment.training;

import io.dubboai.controlplane.store.DocumentStore;
import io.dubboai.controlplane.store.JsonDocuments;
import io.dubboai.deployment.rollout.DeploymentConflictException;
import io.dubboai.deployment.rollout.DeploymentIndex;
import io.dubboai.deployment.rollout.DeploymentProblem;
import io.dubboai.deployment.rollout.DeploymentService;
import io.dubboai.deployment.rollout.DeploymentSpec;
import io.dubboai.deployment.rollout.InvalidDeploymentException;
import io.dubboai.deployment.rollout.Rollout;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Submits training jobs to Kubeflow and follows them: a {@code PyTorchJob} ({@code kubeflow.org/v1}, Training
 * Operator v1) or a {@code TrainJob} ({@code trainer.kubeflow.org/v1alpha1}, Kubeflow Trainer v2), as the spec's
 * {@code kind} says. {@link #follow()} (run by the leader's deployment controller each pass) reads each active job's
 * conditions and, once it has succeeded ({@code Succeeded}, a TrainJob's {@code Complete}), registers its artifact as a
 * new version of the model with lineage {@code <group>/<kind>/<namespace>/<name>} (found again by that lineage if the
 * registration is retried after a failover, so no second version is made). A job that reaches {@code Failed} is
 * recorded with its message.
 *
 * <p>When the spec has a {@code deploy} template, the next pass after the registration creates that deployment of the
 * new version through the {@link DeploymentService} (the same checks and claims as {@code POST
 * /api/v1/ai/deployments}, actor {@code training:<job>}) and records the outcome in the job: started, or why not (a
 * refused spec, the model held by another rollout or an experiment). It is tried once; a refusal is not retried.
 *
 * <p>Threading: {@link #submit}, {@link #cancel} and the reads from any thread; {@link #follow()} from the leader's
 * controller thread. Every write is a compare-and-set of the job's document.
 */
public final class TrainingJobs implements Runnable {

    /** The PyTorchJob resource (Training Operator v1). */
    public static final ResourceDefinitionContext PYTORCH_JOB = new ResourceDefinitionContext.Builder()
            .withGroup("kubeflow.org")
            .withVersion("v1")
            .withKind("PyTorchJob")
            .withPlural("pytorchjobs")
            .withNamespaced(true)
            .build();

    /** The TrainJob resource (Kubeflow Trainer v2). */
    public static final ResourceDefinitionContext TRAIN_JOB = new ResourceDefinitionContext.Builder()
            .withGroup("trainer.kubeflow.org")
            .withVersion("v1alpha1")
            .withKind("TrainJob")
            .withPlural("trainjobs")
            .withNamespaced(true)
            .build();

    /** Prefix of training job documents. */
    public static final String KEY_PREFIX = "training.";

    /** The index of training jobs. */
    public static final String INDEX_KEY = "training-index";

    /** Prefix of the actor of deployments a job starts: {@code training:<job>}. */
    public static final String ACTOR_PREFIX = "training:";

    private static final Logger log = LoggerFactory.getLogger(TrainingJobs.class);

    private final KubernetesClient client;
    private final String namespace;
    private final JsonDocuments<TrainingJob> jobs;
    private final JsonDocuments<DeploymentIndex> index;
    private final VersionRegistrar registrar;
    private final @Nullable DeploymentService deployments;
    private final Clock clock;

    /**
     * @param deployments where a {@code deploy} template's deployment is created; null: such a template is recorded
     *     as not started, saying why
     */
    public TrainingJobs(
            KubernetesClient client,
            String namespace,
            DocumentStore store,
            VersionRegistrar registrar,
            @Nullable DeploymentService deployments,
            Clock clock) {
        this.client = client;
        this.namespace = namespace;
        this.jobs = new JsonDocuments<>(store, TrainingJob.class);
        this.index = new JsonDocuments<>(store, DeploymentIndex.class);
        this.registrar = registrar;
        this.deployments = deployments;
        this.clock = clock;
    }

    /**
     * Validates the spec, records the job and creates its Kubeflow resource.
     *
     * @throws TrainingJobException.Invalid listing every problem; nothing is written
     * @throws TrainingJobException.Conflict when a job of that name exists
     */
    public TrainingJob submit(TrainingJobSpec spec, String actor) {
        List<DeploymentProblem> problems = new ArrayList<>(TrainingJobValidator.check(spec));
        if (problems.stream().noneMatch(p -> p.path().equals("model"))) {
            registrar.checkModel(spec.model()).ifPresent(p -> problems.add(new DeploymentProblem("model", p)));
        }
        if (!problems.isEmpty()) {
            throw new TrainingJobException.Invalid(problems);
        }
        String name = spec.name();
        TrainingJob job = new TrainingJob(
                spec, namespace, TrainingJob.State.SUBMITTED, "submitted", null, actor, clock.instant(), null, null);
        if (!jobs.create(KEY_PREFIX + name, job)) {
            throw new TrainingJobException.Conflict("training job '" + name + "' exists already; choose another name");
        }
        index.create(INDEX_KEY, new DeploymentIndex(List.of()));
        index.update(INDEX_KEY, current -> {
            List<String> names = new ArrayList<>(current.names());
            if (names.contains(name)) {
                return current;
            }
            names.add(name);
            return new DeploymentIndex(names);
        });
        try {
            client.genericKubernetesResources(context(spec))
                    .inNamespace(namespace)
                    .resource(render(spec))
                    .create();
        } catch (KubernetesClientException e) {
            String why = "the " + spec.parsedKind().wireName() + " could not be created in namespace " + namespace
                    + " (HTTP " + e.getCode() + ": " + e.getStatus().getMessage() + ")"
                    + (e.getCode() == 404
                            ? "; is the Kubeflow "
                                    + (spec.parsedKind() == TrainingJobSpec.Kind.TRAIN_JOB
                                            ? "Trainer (v2)"
                                            : "Training Operator")
                                    + " installed?"
                            : "");
            TrainingJob failed = record(job, TrainingJob.State.FAILED, why, null);
            log.warn("Training job {}: {}", name, why);
            return failed;
        }
        log.info(
                "Submitted {} {}/{} for model {} ({})",
                spec.parsedKind().wireName(),
                namespace,
                name,
                spec.model(),
                actor);
        return job;
    }

    /** The job {@code name}, if any. */
    public Optional<TrainingJob> find(String name) {
        return jobs.read(KEY_PREFIX + name);
    }

    /** The job {@code name}. */
    public TrainingJob get(String name) {
        return find(name).orElseThrow(() -> new TrainingJobException.NotFound(name));
    }

    /** Every job, in submission order. */
    public List<TrainingJob> list() {
        List<TrainingJob> all = new ArrayList<>();
        for (String name : names()) {
            find(name).ifPresent(all::add);
        }
        return all;
    }

    private List<String> names() {
        return index.read(INDEX_KEY).map(DeploymentIndex::names).orElse(List.of());
    }

    /**
     * Cancels a submitted or running job: records {@code CANCELLED}, then deletes its Kubeflow resource (which stops
     * its pods). Nothing is registered for it afterwards.
     *
     * @throws TrainingJobException.Conflict when the job has finished
     */
    public TrainingJob cancel(String name, String actor) {
        get(name);
        Instant now = clock.instant();
        TrainingJob cancelled = jobs.update(KEY_PREFIX + name, current -> {
            if (!current.state().active()) {
                throw new TrainingJobException.Conflict("training job '" + name + "' is " + current.state()
                        + "; only a submitted or running job can be cancelled");
            }
            return current.with(TrainingJob.State.CANCELLED, "cancelled by " + actor, null, now);
        });
        client.genericKubernetesResources(context(cancelled.spec()))
                .inNamespace(cancelled.namespace())
                .withName(name)
                .delete();
        log.info("Training job {} cancelled by {}", name, actor);
        return cancelled;
    }

    /** One pass: follow every job that has not finished. */
    @Override
    public void run() {
        follow();
    }

    /** Follows every active job, and starts the rollout of each newly registered one that asks for it. */
    public void follow() {
        for (String name : names()) {
            try {
                Optional<TrainingJob> read = find(name);
                if (read.isEmpty()) {
                    continue;
                }
                TrainingJob job = read.get();
                if (job.state().active()) {
                    job = follow(job);
                }
                if (job.state() == TrainingJob.State.REGISTERED
                        && job.spec().deploy() != null
                        && job.deployment() == null) {
                    startRollout(job);
                }
            } catch (RuntimeException e) {
                log.warn("Training job {}: this pass failed and will be tried again: {}", name, e.toString());
            }
        }
    }

    private TrainingJob follow(TrainingJob job) {
        TrainingJobSpec.Kind kind = job.spec().parsedKind();
        GenericKubernetesResource resource = client.genericKubernetesResources(context(job.spec()))
                .inNamespace(job.namespace())
                .withName(job.spec().name())
                .get();
        if (resource == null) {
            return record(
                    job, TrainingJob.State.FAILED, "the " + kind.wireName() + " was deleted before it finished", null);
        }
        Map<String, String> condition = lastTrueCondition(resource);
        String type = condition.getOrDefault("type", "");
        String message = condition.getOrDefault("message", type);
        String succeeded = kind == TrainingJobSpec.Kind.TRAIN_JOB ? "Complete" : "Succeeded";
        if (type.equals(succeeded)) {
            String version;
            try {
                version = registrar.register(job);
            } catch (RuntimeException e) {
                return record(
                        job,
                        TrainingJob.State.FAILED,
                        "the job succeeded but its artifact " + job.spec().artifactUri() + " could not be registered: "
                                + e.getMessage(),
                        null);
            }
            log.info(
                    "Training job {} succeeded: model {} version {}",
                    job.spec().name(),
                    job.spec().model(),
                    version);
            return record(job, TrainingJob.State.REGISTERED, "succeeded; registered as version " + version, version);
        }
        if (type.equals("Failed")) {
            return record(job, TrainingJob.State.FAILED, message, null);
        }
        if (!type.isEmpty()
                && (job.state() != TrainingJob.State.RUNNING || !job.message().equals(message))) {
            return record(job, TrainingJob.State.RUNNING, message, null);
        }
        return job;
    }

    /** Creates the deployment the job's template asks for, once, and records what happened. */
    private void startRollout(TrainingJob job) {
        String version = java.util.Objects.requireNonNull(job.registeredVersion());
        DeploymentSpec spec = TrainingJobValidator.deploymentOf(
                job.spec(), java.util.Objects.requireNonNull(job.spec().deploy()), version);
        String name = java.util.Objects.requireNonNull(spec.name());
        String actor = ACTOR_PREFIX + job.spec().name();
        TrainingJob.DeploymentOutcome outcome;
        if (deployments == null) {
            outcome = new TrainingJob.DeploymentOutcome(
                    name, false, "no deployment service runs here (dubbo.ai.deployment.enabled)", null);
        } else {
            try {
                deployments.create(spec, actor);
                outcome = new TrainingJob.DeploymentOutcome(
                        name,
                        true,
                        "deployment '" + name + "' of version " + version + " created; follow it at"
                                + " /api/v1/ai/deployments/" + name,
                        null);
            } catch (InvalidDeploymentException e) {
                outcome = new TrainingJob.DeploymentOutcome(name, false, e.getMessage(), null);
            } catch (DeploymentConflictException e) {
                Optional<Rollout> existing = deployments.find(name);
                boolean ours = existing.isPresent()
                        && existing.get().createdBy().equals(actor)
                        && existing.get().candidate().equals(version);
                outcome = ours // created by this job on a pass whose record was lost (a failover)
                        ? new TrainingJob.DeploymentOutcome(
                                name, true, "deployment '" + name + "' of version " + version + " created", null)
                        : new TrainingJob.DeploymentOutcome(name, false, e.getMessage(), e.holder());
            }
        }
        TrainingJob.DeploymentOutcome recorded = outcome;
        jobs.update(
                KEY_PREFIX + job.spec().name(),
                current -> current.deployment() == null ? current.withDeployment(recorded) : current);
        if (recorded.started()) {
            log.info("Training job {}: {}", job.spec().name(), recorded.message());
        } else {
            log.warn(
                    "Training job {}: the rollout of version {} was not started: {}",
                    job.spec().name(),
                    version,
                    recorded.message());
        }
    }

    private TrainingJob record(TrainingJob read, TrainingJob.State state, String message, @Nullable String version) {
        Instant finished = state.active() ? null : clock.instant();
        return jobs.update(
                KEY_PREFIX + read.spec().name(),
                current -> current.state().active() ? current.with(state, message, version, finished) : current);
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

    static ResourceDefinitionContext context(TrainingJobSpec spec) {
        return spec.parsedKind() == TrainingJobSpec.Kind.TRAIN_JOB ? TRAIN_JOB : PYTORCH_JOB;
    }

    /** The Kubeflow resource of {@code spec}. */
    GenericKubernetesResource render(TrainingJobSpec spec) {
        ResourceDefinitionContext context = context(spec);
        GenericKubernetesResource job = new GenericKubernetesResourceBuilder()
                .withApiVersion(context.getGroup() + "/" + context.getVersion())
                .withKind(context.getKind())
                .withNewMetadata()
                .withName(spec.name())
                .withNamespace(namespace)
                .withLabels(
                        Map.of("dubbo.ai/model", spec.model(), "app.kubernetes.io/managed-by", "dubbo-ai-deployment"))
                .endMetadata()
                .build();
        job.getAdditionalProperties()
                .put("spec", spec.parsedKind() == TrainingJobSpec.Kind.TRAIN_JOB ? trainJob(spec) : pytorchJob(spec));
        return job;
    }

    /** PyTorchJob: one Master and {@code workers − 1} Workers, container {@code pytorch}. */
    private static Map<String, Object> pytorchJob(TrainingJobSpec spec) {
        Map<String, Object> replicaSpecs = new LinkedHashMap<>();
        replicaSpecs.put("Master", replica(spec, 1));
        if (spec.replicas() > 1) {
            replicaSpecs.put("Worker", replica(spec, spec.replicas() - 1));
        }
        return Map.of("pytorchReplicaSpecs", replicaSpecs);
    }

    /**
     * TrainJob: {@code runtimeRef} names the {@code ClusterTrainingRuntime}; {@code trainer} overrides its image,
     * command and env and sets {@code numNodes} and {@code resourcesPerNode}.
     */
    private static Map<String, Object> trainJob(TrainingJobSpec spec) {
        Map<String, Object> trainer = new LinkedHashMap<>();
        trainer.put("image", spec.image());
        if (!spec.command().isEmpty()) {
            trainer.put("command", spec.command());
        }
        trainer.put("env", env(spec));
        trainer.put("numNodes", spec.replicas());
        if (spec.gpus() > 0) {
            trainer.put("resourcesPerNode", gpuLimits(spec));
        }
        return Map.of("runtimeRef", Map.of("name", spec.runtime()), "trainer", trainer);
    }

    private static Map<String, Object> replica(TrainingJobSpec spec, int replicas) {
        Map<String, Object> container = new LinkedHashMap<>();
        container.put("name", "pytorch");
        container.put("image", spec.image());
        if (!spec.command().isEmpty()) {
            container.put("command", spec.command());
        }
        container.put("env", env(spec));
        if (spec.gpus() > 0) {
            container.put("resources", gpuLimits(spec));
        }
        return Map.of(
                "replicas",
                replicas,
                "restartPolicy",
                "OnFailure",
                "template",
                Map.of("spec", Map.of("containers", List.of(container))));
    }

    private static List<Map<String, String>> env(TrainingJobSpec spec) {
        List<Map<String, String>> env = new ArrayList<>();
        env.add(Map.of("name", "ARTIFACT_URI", "value", spec.artifactUri()));
        env.add(Map.of("name", "MODEL_NAME", "value", spec.model()));
        spec.env().entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .forEach(e -> env.add(Map.of("name", e.getKey(), "value", e.getValue())));
        return env;
    }

    private static Map<String, Object> gpuLimits(TrainingJobSpec spec) {
        return Map.of("limits", Map.of("nvidia.com/gpu", spec.gpus()));
    }
}
