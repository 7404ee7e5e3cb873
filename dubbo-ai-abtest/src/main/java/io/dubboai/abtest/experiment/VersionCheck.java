package io.dubboai.abtest.experiment;

import java.util.Optional;

/**
 * Says whether a model version exists (in the admin server: the model registry), so that an experiment does not
 * start with a variant no provider can serve.
 */
@FunctionalInterface
public interface VersionCheck {

    /** Every version is taken as existing (no registry). */
    VersionCheck ANY = (model, version) -> Optional.empty();

    /** Why {@code version} of {@code model} cannot be a variant, or empty when it can. */
    Optional<String> problem(String model, String version);
}
