package io.dubboai.deployment.spring;

import io.dubboai.deployment.rollout.ModelCatalog;
import io.dubboai.registry.ModelRegistry;
import io.dubboai.registry.ModelVersion;
import io.dubboai.registry.RegistryException;

/** The model registry as the deployment's catalog: models, versions and aliases must be registered. */
final class RegistryCatalog implements ModelCatalog {

    private final ModelRegistry registry;

    RegistryCatalog(ModelRegistry registry) {
        this.registry = registry;
    }

    @Override
    public String resolve(String model, String versionOrAlias) {
        try {
            registry.getModel(model);
        } catch (RegistryException e) {
            throw new UnknownModelException(
                    "model",
                    "model '" + model + "' is not registered; register it (POST /api/v1/ai/models) or check the name");
        }
        try {
            ModelVersion version = versionOrAlias.chars().allMatch(Character::isDigit) && !versionOrAlias.isEmpty()
                    ? registry.getVersion(model, Long.parseLong(versionOrAlias))
                    : registry.resolveAlias(model, versionOrAlias);
            return Long.toString(version.version());
        } catch (RegistryException | NumberFormatException e) {
            throw new UnknownModelException(
                    "version",
                    "model '" + model + "' has no version or alias '" + versionOrAlias + "'; list its versions with"
                            + " GET /api/v1/ai/models/" + model + "/versions");
        }
    }

    /** The registry's artifact URI and format of a version (empty when it has no artifact URI). */
    static io.dubboai.deployment.kubernetes.InferenceServiceExecutor.ArtifactLookup artifacts(ModelRegistry registry) {
        return (model, version) -> {
            ModelVersion found = registry.getVersion(model, Long.parseLong(version));
            return found.artifactUri() == null
                    ? java.util.Optional.empty()
                    : java.util.Optional.of(
                            new io.dubboai.deployment.kubernetes.InferenceServiceExecutor.ArtifactLookup.Artifact(
                                    found.artifactUri(), found.format()));
        };
    }
}
