package io.dubboai.registry;

/**
 * Decides whether a caller may change a model. The registry asks before every write to an existing model; the
 * admin server plugs in its own policy (for example: only the model's {@link RegisteredModel#owner()} or an
 * administrator). The default allows everything: authentication and coarse authorisation sit in front of the API.
 */
@FunctionalInterface
public interface ModelAccessPolicy {

    /** Allows every caller. */
    ModelAccessPolicy ALLOW_ALL = (actor, model) -> {};

    /**
     * Throws {@link SecurityException} with a message saying who may change the model when {@code actor} may not.
     *
     * @param actor the caller's name ({@code anonymous} without authentication)
     * @param model the model as stored now
     */
    void checkWrite(String actor, RegisteredModel model);
}
