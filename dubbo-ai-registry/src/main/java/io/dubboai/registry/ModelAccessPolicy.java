package io.dubboai.registry;

/**
 * Decides whether a caller may change a model. The registry asks before every write to an existing model; the
 * admin server plugs in its own policy (for example: only the model's {@link RegisteredModel#owner()} or an
 * administrator). Authentication and coarse authorisation sit in front of the API.
 *
 * <p>In Spring Boot, defining a policy bean is what opens the registry's REST and MLflow APIs to writes: without one
 * the auto-configuration refuses every write over HTTP with 403, unless
 * {@code dubbo.ai.registry.security.allow-anonymous-writes=true} lets anyone write.
 */
@FunctionalInterface
public interface ModelAccessPolicy {

    /** Allows every caller (what the registry's own code and an explicit anonymous-writes opt-in use). */
    ModelAccessPolicy ALLOW_ALL = (actor, model) -> {};

    /**
     * Throws {@link SecurityException} with a message saying who may change the model when {@code actor} may not.
     *
     * @param actor the caller's name ({@code anonymous} without authentication)
     * @param model the model as stored now
     */
    void checkWrite(String actor, RegisteredModel model);
}
