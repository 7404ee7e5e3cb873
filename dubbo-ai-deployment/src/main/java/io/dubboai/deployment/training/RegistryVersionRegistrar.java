package io.dubboai.deployment.training;

import io.dubboai.core.model.ModelSignature;
import io.dubboai.registry.Lineage;
import io.dubboai.registry.ModelRegistry;
import io.dubboai.registry.ModelVersion;
import io.dubboai.registry.NewVersion;
import java.util.Map;

/** The model registry as registrar: one version per job, found again by its lineage. */
public final class RegistryVersionRegistrar implements VersionRegistrar {

    private final ModelRegistry registry;

    public RegistryVersionRegistrar(ModelRegistry registry) {
        this.registry = registry;
    }

    @Override
    public java.util.Optional<String> checkModel(String model) {
        try {
            registry.getModel(model);
            return java.util.Optional.empty();
        } catch (io.dubboai.registry.RegistryException e) {
            return java.util.Optional.of("model '" + model + "' is not registered; register it first (POST"
                    + " /api/v1/ai/models), the trained artifact becomes one of its versions");
        }
    }

    @Override
    public String register(TrainingJob job) {
        String model = job.spec().model();
        for (ModelVersion version : registry.versions(model)) {
            if (job.lineage().equals(version.lineage().trainingJob())) {
                return Long.toString(version.version());
            }
        }
        NewVersion request = new NewVersion(
                "trained by " + job.lineage(),
                job.spec().artifactUri(),
                null,
                job.spec().format() == null ? "onnx" : job.spec().format(),
                "onnxruntime",
                ModelSignature.EMPTY,
                Map.of(),
                Map.of(
                        "image",
                        String.valueOf(job.spec().image()),
                        "workers",
                        Integer.toString(job.spec().replicas()),
                        "kind",
                        job.spec().parsedKind().wireName()),
                Map.of("dubbo.ai/training-job", job.spec().name()),
                new Lineage(null, job.lineage(), job.spec().dataset()));
        return Long.toString(
                registry.createVersion(model, request, job.submittedBy()).version());
    }
}
