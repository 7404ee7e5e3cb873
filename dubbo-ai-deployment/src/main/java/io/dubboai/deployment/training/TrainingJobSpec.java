package io.dubboai.deployment.training;

import io.dubboai.deployment.rollout.DeploymentSpec;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A training job to run on Kubeflow: a {@code PyTorchJob} ({@code kubeflow.org/v1}, the default) or a Trainer v2
 * {@code TrainJob} ({@code trainer.kubeflow.org/v1alpha1}). Fields may be missing when read from JSON;
 * {@link TrainingJobValidator} lists every problem, and the accessors with defaults read what may be left out.
 *
 * @param name the job's name (DNS-1123 label), also the Kubeflow resource's
 * @param model the registered model the produced artifact becomes a version of
 * @param image the training image
 * @param command the container's command, or empty for the image's entry point
 * @param workers replicas (PyTorchJob: 1 master plus {@code workers − 1} workers; TrainJob: {@code numNodes}),
 *     1..256, default 1
 * @param gpusPerReplica {@code nvidia.com/gpu} per replica, 0..16, default 0
 * @param artifactUri where the job writes the model (passed as {@code ARTIFACT_URI}); registered as the version's
 *     artifact on success
 * @param format the artifact's format, default {@code onnx}
 * @param dataset the data set trained on, for lineage, or null
 * @param env more environment for the containers
 * @param kind {@code PyTorchJob} (default) or {@code TrainJob}
 * @param runtime the {@code ClusterTrainingRuntime} a {@code TrainJob} runs on (its {@code runtimeRef}), e.g.
 *     {@code torch-distributed}; required for, and only for, {@code TrainJob}
 * @param deploy a deployment to start once the trained version is registered (its model and version are the job's;
 *     its name defaults to the job's), or null for none
 */
public record TrainingJobSpec(
        @Nullable String name,
        @Nullable String model,
        @Nullable String image,
        @Nullable List<String> command,
        @Nullable Integer workers,
        @Nullable Integer gpusPerReplica,
        @Nullable String artifactUri,
        @Nullable String format,
        @Nullable String dataset,
        @Nullable Map<String, String> env,
        @Nullable String kind,
        @Nullable String runtime,
        @Nullable DeploymentSpec deploy) {

    public TrainingJobSpec {
        command = command == null ? List.of() : List.copyOf(command);
        env = env == null ? Map.of() : Map.copyOf(env);
    }

    /** A PyTorchJob without a deployment. */
    public TrainingJobSpec(
            @Nullable String name,
            @Nullable String model,
            @Nullable String image,
            @Nullable List<String> command,
            @Nullable Integer workers,
            @Nullable Integer gpusPerReplica,
            @Nullable String artifactUri,
            @Nullable String format,
            @Nullable String dataset,
            @Nullable Map<String, String> env) {
        this(name, model, image, command, workers, gpusPerReplica, artifactUri, format, dataset, env, null, null, null);
    }

    /** This spec with {@code template} as the deployment to start on success. */
    public TrainingJobSpec withDeploy(@Nullable DeploymentSpec template) {
        return new TrainingJobSpec(
                name,
                model,
                image,
                command,
                workers,
                gpusPerReplica,
                artifactUri,
                format,
                dataset,
                env,
                kind,
                runtime,
                template);
    }

    /** This spec as a Trainer v2 {@code TrainJob} on {@code runtimeName}. */
    public TrainingJobSpec asTrainJob(String runtimeName) {
        return new TrainingJobSpec(
                name,
                model,
                image,
                command,
                workers,
                gpusPerReplica,
                artifactUri,
                format,
                dataset,
                env,
                Kind.TRAIN_JOB.wireName(),
                runtimeName,
                deploy);
    }

    /** The replicas, 1 when not given. */
    public int replicas() {
        return workers == null ? 1 : workers;
    }

    /** GPUs per replica, 0 when not given. */
    public int gpus() {
        return gpusPerReplica == null ? 0 : gpusPerReplica;
    }

    /** The job kind (call after validation: an unknown kind reads as {@code PyTorchJob}). */
    public Kind parsedKind() {
        return Kind.fromWireName(kind).orElse(Kind.PYTORCH_JOB);
    }

    /** The Kubeflow job kinds. */
    public enum Kind {
        /** {@code kubeflow.org/v1} {@code PyTorchJob} (Training Operator v1). */
        PYTORCH_JOB("PyTorchJob"),
        /** {@code trainer.kubeflow.org/v1alpha1} {@code TrainJob} (Kubeflow Trainer v2). */
        TRAIN_JOB("TrainJob");

        private final String wireName;

        Kind(String wireName) {
            this.wireName = wireName;
        }

        /** The name in specs and in Kubernetes: {@code PyTorchJob}, {@code TrainJob}. */
        public String wireName() {
            return wireName;
        }

        /** The kind named {@code value} (case ignored), PyTorchJob for null, empty when unknown. */
        public static Optional<Kind> fromWireName(@Nullable String value) {
            if (value == null) {
                return Optional.of(PYTORCH_JOB);
            }
            for (Kind kind : values()) {
                if (kind.wireName.toLowerCase(Locale.ROOT).equals(value.toLowerCase(Locale.ROOT))) {
                    return Optional.of(kind);
                }
            }
            return Optional.empty();
        }
    }
}
