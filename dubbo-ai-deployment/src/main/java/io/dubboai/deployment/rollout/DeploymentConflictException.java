package io.dubboai.deployment.rollout;

import org.jspecify.annotations.Nullable;

/**
 * A request that conflicts with what exists: a name taken, a model held by another rollout or an experiment, an
 * action the rollout's phase does not allow. Nothing was written.
 */
public final class DeploymentConflictException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String name;
    private final @Nullable String holder;

    public DeploymentConflictException(String name, @Nullable String holder, String message) {
        super(message);
        this.name = name;
        this.holder = holder;
    }

    /** The deployment asked for. */
    public String name() {
        return name;
    }

    /** Who holds the model ({@code rollout:<name>} or {@code experiment:<id>}), when that is the conflict. */
    public @Nullable String holder() {
        return holder;
    }
}
