package io.dubboai.controlplane.rule;

import io.dubboai.core.rule.ModelRouteRule;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What one writer does to a route rule, given the rule as stored now. It changes only its own fields (the registry
 * the aliases, the deployment API weights, GPU constraints and fallback) and copies the others from {@code current}.
 *
 * <p>{@link RouteRuleEditor} may call it several times for one edit (once per read when a concurrent write wins the
 * compare-and-set), always with the latest rule it read, so it must not have side effects; it may read other state
 * (the registry reads the alias' target on every call). It may throw to refuse the edit; the exception reaches the
 * editor's caller and nothing is written.
 */
@FunctionalInterface
public interface RouteRuleChange {

    /**
     * @param current the stored rule, or null when there is none; it may be invalid ({@link StoredRouteRule#isValid})
     * @return the rule to store, or empty to leave the stored rule as it is
     */
    Optional<ModelRouteRule> apply(@Nullable StoredRouteRule current);
}
