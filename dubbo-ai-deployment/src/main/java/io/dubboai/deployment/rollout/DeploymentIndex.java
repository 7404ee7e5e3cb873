package io.dubboai.deployment.rollout;

import java.util.List;

/**
 * The names of every deployment ({@value DeploymentService#INDEX_KEY}), so the reconciler and the list endpoint find
 * them; a name is added by compare-and-set when its deployment is created.
 *
 * @param names in creation order
 */
public record DeploymentIndex(List<String> names) {
    public DeploymentIndex {
        names = names == null ? List.of() : List.copyOf(names);
    }
}
