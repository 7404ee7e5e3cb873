package io.dubboai.registry.rule;

import io.dubboai.controlplane.rule.RouteRuleEditException;
import io.dubboai.controlplane.rule.RouteRuleEditor;
import io.dubboai.controlplane.rule.RouteRulePrecondition;
import io.dubboai.controlplane.rule.StoredRouteRule;
import io.dubboai.core.rule.ModelRouteRule;
import io.dubboai.core.rule.RouteRules;
import io.dubboai.registry.RegistryException;
import io.dubboai.registry.RegistryException.Reason;
import java.util.Optional;
import java.util.function.Function;
import org.apache.dubbo.common.config.configcenter.DynamicConfiguration;
import org.jspecify.annotations.Nullable;

/**
 * Copies one alias of a model from the registry into the model's route rule ({@code <model>.model-route}, group
 * {@link RouteRules#GROUP}), so consumers calling with {@code alias=champion} follow a move. The aliases are the
 * registry's fields of the rule; it writes them through the one {@link RouteRuleEditor}, like every other writer.
 *
 * <h2>Algorithm</h2>
 * The rule is brought in line with the registry, never with the caller's intent: each pass of the editor reads the
 * rule (and its ticket) <em>first</em>, then the alias' current target from the registry, and writes the rule by
 * compare-and-set only if they differ. Because every alias change in the registry is followed by such a sync, and any
 * rule write between a pass' read and its write makes that write fail (the next pass reads the registry again), the
 * last successful rule write always reflects the registry's last state: concurrent alias moves end consistent. An
 * absent rule is created only if still absent, so a rule an operator wrote in between is kept and extended on the
 * next pass; the editor confirms a create with one more pass, which repairs a rule a simultaneous creator replaced on
 * Nacos (whose creates are not exact).
 *
 * <p>Rules the registry cannot parse are left alone (the error says which rule to fix): overwriting them would
 * drop what their author wrote. {@link #requireWritable} lets a caller find that out before it changes the alias.
 */
public final class AliasRuleSynchronizer {

    private final RouteRuleEditor editor;

    /** @param configuration the config center the routers read rules from */
    public AliasRuleSynchronizer(DynamicConfiguration configuration) {
        this(RouteRuleEditor.on(configuration));
    }

    /** @param editor the route-rule editor on the config center the routers read rules from */
    public AliasRuleSynchronizer(RouteRuleEditor editor) {
        this.editor = editor;
    }

    /**
     * Checks that the route rule of {@code model} is absent or valid, so that {@link #sync} can write to it.
     *
     * @throws RegistryException {@code CONFLICT} naming the rule and its problems when it is not valid
     */
    public void requireWritable(String model) {
        editor.read(model).ifPresent(AliasRuleSynchronizer::requireValid);
    }

    /**
     * Brings {@code alias} of {@code model} in the rule in line with {@code currentTarget}, which returns the
     * version the alias points at in the registry now (empty when unset, or when the model is gone).
     *
     * @throws RegistryException {@code CONFLICT} when the rule is not valid, {@code UNAVAILABLE} when it kept
     *     changing
     */
    public void sync(String model, String alias, Function<String, Optional<Long>> currentTarget) {
        try {
            editor.edit(model, RouteRulePrecondition.ANY, stored -> aligned(model, alias, stored, currentTarget));
        } catch (RouteRuleEditException e) {
            throw new RegistryException(
                    Reason.UNAVAILABLE,
                    model,
                    null,
                    "route rule " + RouteRules.ruleKey(model) + " could not take alias '" + alias + "': "
                            + e.getMessage(),
                    e);
        }
    }

    /** The rule with the alias where the registry has it, or empty when it is there already. */
    private static Optional<ModelRouteRule> aligned(
            String model,
            String alias,
            @Nullable StoredRouteRule stored,
            Function<String, Optional<Long>> currentTarget) {
        @Nullable ModelRouteRule current = stored == null ? null : requireValid(stored);
        Optional<String> target = currentTarget.apply(alias).map(String::valueOf);
        Optional<String> inRule = current == null ? Optional.empty() : current.resolveAlias(alias);
        if (target.equals(inRule)) {
            return Optional.empty();
        }
        ModelRouteRule base = current == null ? ModelRouteRule.builder(model).build() : current;
        return Optional.of(target.isPresent() ? base.withAlias(alias, target.get()) : base.withoutAlias(alias));
    }

    private static ModelRouteRule requireValid(StoredRouteRule stored) {
        return stored.rule()
                .orElseThrow(() -> new RegistryException(
                        Reason.CONFLICT,
                        stored.model(),
                        null,
                        "route rule " + RouteRules.ruleKey(stored.model()) + " in group " + RouteRules.GROUP
                                + " is not valid, so the alias cannot be written to it; fix the rule first: "
                                + stored.parsed().problems()));
    }
}
