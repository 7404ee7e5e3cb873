package io.dubboai.registry.rule;

import io.dubboai.core.rule.RouteRules;
import io.dubboai.registry.RegistryException;
import java.util.Optional;
import java.util.function.Function;
import org.apache.dubbo.common.config.configcenter.DynamicConfiguration;

/**
 * Copies one alias of a model from the registry into the model's route rule ({@code <model>.model-route}, group
 * {@link RouteRules#GROUP}), so consumers calling with {@code alias=champion} follow a move.
 *
 * <h2>Algorithm</h2>
 * The rule is brought in line with the registry, never with the caller's intent: through {@link RouteRuleEditor},
 * each pass reads the rule (and its ticket) <em>first</em>, then the alias' current target from the registry, and
 * writes the rule by compare-and-set only if they differ. A pass that finds them equal ends the loop. Because every
 * alias change in the registry is followed by such a sync, and any rule write between a pass' read and its write
 * makes that write fail, the last successful rule write always reflects the registry's last state: concurrent alias
 * moves end consistent. An absent rule is created only if still absent on ZooKeeper, so a rule an operator wrote in
 * between is kept and extended on the next pass; Nacos cannot create conditionally, so the editor re-reads after a
 * create and repairs a stale one.
 *
 * <p>Rules the registry cannot parse are left alone (the error says which rule to fix): overwriting them would
 * drop what their author wrote. {@link #requireWritable} lets a caller find that out before it changes the alias.
 */
public final class AliasRuleSynchronizer {

    private final RouteRuleEditor editor;

    /** @param configuration the config center the routers read rules from */
    public AliasRuleSynchronizer(DynamicConfiguration configuration) {
        this.editor = new RouteRuleEditor(configuration);
    }

    /**
     * Checks that the route rule of {@code model} is absent or valid, so that {@link #sync} can write to it.
     *
     * @throws RegistryException {@code CONFLICT} naming the rule and its problems when it is not valid
     */
    public void requireWritable(String model) {
        editor.read(model);
    }

    /**
     * Brings {@code alias} of {@code model} in the rule in line with {@code currentTarget}, which returns the
     * version the alias points at in the registry now (empty when unset, or when the model is gone).
     *
     * @throws RegistryException {@code CONFLICT} when the rule is not valid, {@code UNAVAILABLE} when it kept
     *     changing
     */
    public void sync(String model, String alias, Function<String, Optional<Long>> currentTarget) {
        editor.edit(
                model,
                current -> {
                    Optional<String> target = currentTarget.apply(alias).map(String::valueOf);
                    if (target.equals(current.resolveAlias(alias))) {
                        return current;
                    }
                    return target.isPresent() ? current.withAlias(alias, target.get()) : current.withoutAlias(alias);
                },
                "alias '" + alias + "'");
    }
}
