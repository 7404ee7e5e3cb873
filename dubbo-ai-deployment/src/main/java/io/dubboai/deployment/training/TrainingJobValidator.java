package io.dubboai.deployment.training;

import io.dubboai.core.model.ModelNames;
import io.dubboai.deployment.rollout.DeploymentProblem;
import io.dubboai.deployment.rollout.DeploymentService;
import io.dubboai.deployment.rollout.DeploymentSpec;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Checks a {@link TrainingJobSpec} field by field and lists every problem with its path and what to do. */
public final class TrainingJobValidator {

    private static final Pattern NAME = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    private static final Pattern RFC1035 = Pattern.compile("[a-z]([-a-z0-9]{0,61}[a-z0-9])?");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern FORMAT = Pattern.compile("[a-z0-9][a-z0-9._-]{0,31}");
    private static final Set<String> RESERVED_ENV = Set.of("ARTIFACT_URI", "MODEL_NAME");

    /** Most replicas of one job. */
    public static final int MAX_WORKERS = 256;

    /** Most GPUs per replica. */
    public static final int MAX_GPUS = 16;

    private TrainingJobValidator() {}

    /** Every problem of {@code spec}; empty when it is valid. */
    public static List<DeploymentProblem> check(TrainingJobSpec spec) {
        List<DeploymentProblem> problems = new ArrayList<>();
        TrainingJobSpec.Kind kind =
                TrainingJobSpec.Kind.fromWireName(spec.kind()).orElse(null);
        if (kind == null) {
            problems.add(new DeploymentProblem(
                    "kind",
                    "'" + ModelNames.abbreviate(spec.kind()) + "' is not a job kind; use PyTorchJob or TrainJob"));
        }
        if (spec.name() == null || !NAME.matcher(spec.name()).matches()) {
            problems.add(new DeploymentProblem(
                    "name",
                    (spec.name() == null ? "is required" : "'" + ModelNames.abbreviate(spec.name()) + "' is not valid")
                            + "; use lower-case letters, digits and '-', at most 63, e.g. 'churn-train-7'"));
        } else if (kind == TrainingJobSpec.Kind.TRAIN_JOB
                && !RFC1035.matcher(spec.name()).matches()) {
            problems.add(new DeploymentProblem(
                    "name", "'" + spec.name() + "' starts with a digit; a TrainJob's name starts with a letter"));
        }
        if (spec.model() == null) {
            problems.add(new DeploymentProblem(
                    "model", "is required: the registered model the artifact becomes a version of"));
        } else {
            ModelNames.checkModelName(spec.model()).ifPresent(p -> problems.add(new DeploymentProblem("model", p)));
        }
        if (spec.image() == null || spec.image().isBlank()) {
            problems.add(new DeploymentProblem("image", "is required, e.g. 'ghcr.io/acme/churn-train:1.4'"));
        }
        if (spec.workers() != null && (spec.workers() < 1 || spec.workers() > MAX_WORKERS)) {
            problems.add(new DeploymentProblem(
                    "workers", spec.workers() + " is out of range; replicas of a job are 1.." + MAX_WORKERS));
        }
        if (spec.gpusPerReplica() != null && (spec.gpusPerReplica() < 0 || spec.gpusPerReplica() > MAX_GPUS)) {
            problems.add(new DeploymentProblem(
                    "gpusPerReplica",
                    spec.gpusPerReplica() + " is out of range; nvidia.com/gpu per replica is 0.." + MAX_GPUS));
        }
        checkArtifactUri(spec.artifactUri(), problems);
        if (spec.format() != null && !FORMAT.matcher(spec.format()).matches()) {
            problems.add(new DeploymentProblem(
                    "format",
                    "'" + ModelNames.abbreviate(spec.format()) + "' is not a format name; e.g. onnx, torchscript"));
        }
        spec.env().keySet().stream().sorted().forEach(key -> {
            if (!ENV_NAME.matcher(key).matches()) {
                problems.add(new DeploymentProblem(
                        "env." + key, "is not an environment variable name; use letters, digits and '_'"));
            } else if (RESERVED_ENV.contains(key)) {
                problems.add(new DeploymentProblem(
                        "env." + key, "is set by dubbo-ai from the spec (artifactUri, model); remove it"));
            }
        });
        if (kind == TrainingJobSpec.Kind.TRAIN_JOB
                && (spec.runtime() == null || spec.runtime().isBlank())) {
            problems.add(new DeploymentProblem(
                    "runtime",
                    "is required for a TrainJob: the ClusterTrainingRuntime it runs on, e.g. 'torch-distributed'"));
        } else if (kind == TrainingJobSpec.Kind.PYTORCH_JOB && spec.runtime() != null) {
            problems.add(
                    new DeploymentProblem("runtime", "only a TrainJob has a runtime; remove it or use kind TrainJob"));
        }
        if (spec.deploy() != null) {
            checkTemplate(spec, spec.deploy(), problems);
        }
        return problems;
    }

    private static void checkArtifactUri(String uri, List<DeploymentProblem> problems) {
        if (uri == null || uri.isBlank()) {
            problems.add(new DeploymentProblem(
                    "artifactUri", "is required: where the job writes the model, e.g. 's3://models/churn/model.onnx'"));
            return;
        }
        try {
            if (new URI(uri).getScheme() == null) {
                problems.add(new DeploymentProblem(
                        "artifactUri",
                        "'" + ModelNames.abbreviate(uri) + "' has no scheme; e.g. 's3://models/churn/model.onnx'"));
            }
        } catch (URISyntaxException e) {
            problems.add(new DeploymentProblem(
                    "artifactUri", "'" + ModelNames.abbreviate(uri) + "' is not a URI: " + e.getReason()));
        }
    }

    /** The template's own fields, with the job's model and a stand-in for the version it will register. */
    private static void checkTemplate(TrainingJobSpec job, DeploymentSpec template, List<DeploymentProblem> problems) {
        if (template.model() != null && !template.model().equals(job.model())) {
            problems.add(new DeploymentProblem(
                    "deploy.model",
                    "'" + ModelNames.abbreviate(template.model()) + "' is not the job's model; leave it out (the"
                            + " trained version of '" + job.model() + "' is deployed)"));
        }
        if (template.version() != null) {
            problems.add(
                    new DeploymentProblem("deploy.version", "leave it out: the version the job registers is deployed"));
        }
        DeploymentSpec filled = deploymentOf(job, template, "1");
        for (DeploymentProblem problem : DeploymentService.checkFields(filled)) {
            if (!problem.path().equals("model")) { // the job's model is reported once, above
                problems.add(new DeploymentProblem("deploy." + problem.path(), problem.message()));
            }
        }
    }

    /** The deployment of {@code version} that {@code template} asks for: the job's model, its name by default. */
    static DeploymentSpec deploymentOf(TrainingJobSpec job, DeploymentSpec template, String version) {
        return new DeploymentSpec(
                template.name() == null ? job.name() : template.name(),
                job.model(),
                version,
                template.replicas(),
                template.autoscaling(),
                template.resources(),
                template.nodeSelector(),
                template.tolerations(),
                template.image(),
                template.batching(),
                template.strategy());
    }
}
