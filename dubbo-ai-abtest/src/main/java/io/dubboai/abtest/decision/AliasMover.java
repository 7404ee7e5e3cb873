package io.dubboai.abtest.decision;

/**
 * Moves a model's alias to a version, so that the route rule follows (in the admin server: the model registry's
 * {@code setAlias}, which writes the registry and the rule).
 */
@FunctionalInterface
public interface AliasMover {

    /**
     * Points {@code alias} of {@code model} at {@code version}.
     *
     * @param actor who moves it, for the registry's audit fields
     * @throws RuntimeException when it cannot (the decision stays recorded as not carried out)
     */
    void move(String model, String alias, String version, String actor);

    /** No registry: a promotion stops the experiment but moves no alias, and says so. */
    AliasMover NONE = (model, alias, version, actor) -> {
        throw new IllegalStateException("no model registry in this application, so alias '" + alias + "' of model '"
                + model + "' cannot be moved to version " + version + "; move it by hand");
    };
}
