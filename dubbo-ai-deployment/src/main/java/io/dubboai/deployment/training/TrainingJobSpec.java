package io.dubboai.deployment.training;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A training job to run as a Kubeflow {@code PyTorchJob}.
 *
 * @param name the job's name (DNS-1123 label), also the PyTorchJob's
 * @param model the registered model the produced artifact becomes a version of
 * @param image the training image
 * @param command the container's command, or empty for the image's entry point
 * @param workers replicas in all, 1 master plus {@code workers − 1} workers; at least 1
 * @param gpusPerReplica {@code nvidia.com/gpu} per replica, 0 for none
 * @param artifactUri where the job writes the model (passed as {@code ARTIFACT_URI}); registered as the version's
 *     artifact on success
 * @param format the artifact's format, default {@code onnx}
 * @param dataset the data set trained on, for lineage, or null
 * @param env more environment for the containers
 */
public record TrainingJobSpec(
        String name,
        String model,
        String image,
        List<String> command,
        int workers,
        int gpusPerReplica,
        String artifactUri,
        @Nullable String format,
        @Nullable String dataset,
        Map<String, String> env) {

    public TrainingJobSpec {
        if (name == null || !name.matches("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?")) {
            throw new IllegalArgumentException("name '" + name + "' must be a DNS-1123 label, e.g. 'churn-train-7'");
        }
        if (model == null || model.isBlank()) {
            throw new IllegalArgumentException(
                    "model is required: the registered model the artifact becomes a version of");
        }
        if (image == null || image.isBlank()) {
            throw new IllegalArgumentException("image is required, e.g. 'ghcr.io/acme/churn-train:1.4'");
        }
        if (workers < 1 || workers > 256) {
            throw new IllegalArgumentException("workers must be 1..256, but was " + workers);
        }
        if (gpusPerReplica < 0 || gpusPerReplica > 16) {
            throw new IllegalArgumentException("gpusPerReplica must be 0..16, but was " + gpusPerReplica);
        }
        if (artifactUri == null || artifactUri.isBlank()) {
            throw new IllegalArgumentException(
                    "artifactUri is required: where the job writes the model, e.g. 's3://models/churn/model.onnx'");
        }
        command = command == null ? List.of() : List.copyOf(command);
        env = env == null ? Map.of() : Map.copyOf(env);
    }
}
