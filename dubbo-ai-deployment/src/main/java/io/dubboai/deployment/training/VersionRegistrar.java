package io.dubboai.deployment.training;

/** Registers what a training job produced as a model version (the model registry, in the server). */
public interface VersionRegistrar {

    /**
     * Registers the artifact of {@code job} as a new version of its model, with lineage to the job; when a version
     * with that lineage exists already (a retried registration), returns it instead of registering another.
     *
     * @return the version number
     */
    String register(TrainingJob job);

    /**
     * Why a job for {@code model} could not be registered later (the model does not exist), checked when it is
     * submitted; empty when it can.
     */
    default java.util.Optional<String> checkModel(String model) {
        return java.util.Optional.empty();
    }
}
