package io.dubboai.controlplane.rule;

import org.jspecify.annotations.Nullable;

/**
 * The outcome of {@link RouteRuleEditor#edit}.
 *
 * @param before the rule as stored just before this edit wrote (or, when it wrote nothing, as last read); null when
 *     there was none
 * @param after the rule as stored after the edit: what it wrote, or what it found; null when there is none
 * @param written whether this edit wrote the rule
 */
public record RouteRuleEdit(
        @Nullable StoredRouteRule before, @Nullable StoredRouteRule after, boolean written) {

    /** Whether this edit created the rule. */
    public boolean created() {
        return written && before == null;
    }
}
