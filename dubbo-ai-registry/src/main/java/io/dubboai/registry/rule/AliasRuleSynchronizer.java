package io.dubboai.registry.rule;

import io.dubboai.controlplane.store.ConfigCenters;
import io.dubboai.core.rule.ModelRouteRule;
import io.dubboai.core.rule.RouteRuleCodec;
import io.dubboai.core.rule.RouteRules;
import io.dubboai.core.rule.RuleParseResult;
import io.dubboai.registry.RegistryException;
import io.dubboai.registry.RegistryException.Reason;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.dubbo.common.config.configcenter.ConfigItem;
import org.apache.dubbo.common.config.configcenter.DynamicConfiguration;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies one alias of a model from the registry into the model's route rule ({@code <model>.model-route}, group
 * {@link RouteRules#GROUP}), so consumers calling with {@code alias=champion} follow a move.
 *
 * <h2>Algorithm</h2>
 * The rule is brought in line with the registry, never with the caller's intent: each pass reads the rule (and
 * its ticket) <em>first</em>, then the alias' current target from the registry, and writes the rule by
 * compare-and-set only if they differ. A pass that finds them equal ends the loop. Because every alias change in
 * the registry is followed by such a sync, and any rule write between a pass' read and its write makes that
 * write fail, the last successful rule write always reflects the registry's last state: concurrent alias moves
 * end consistent. An absent rule is created only if still absent on ZooKeeper ({@link ConfigCenters#casTicket}),
 * so a rule an operator wrote in between is kept and extended on the next pass; Nacos cannot create
 * conditionally, so the loop does not stop after a create and the next pass re-reads and repairs a stale one.
 *
 * <p>Rules the registry cannot parse are left alone (the error says which rule to fix): overwriting them would
 * drop what their author wrote. {@link #requireWritable} lets a caller find that out before it changes the alias.
 */
public final class AliasRuleSynchronizer {

    private static final Logger log = LoggerFactory.getLogger(AliasRuleSynchronizer.class);
    private static final int MAX_PASSES = 200;

    private final DynamicConfiguration configuration;

    /** @param configuration the config center the routers read rules from */
    public AliasRuleSynchronizer(DynamicConfiguration configuration) {
        this.configuration = configuration;
    }

    /**
     * Checks that the route rule of {@code model} is absent or valid, so that {@link #sync} can write to it.
     *
     * @throws RegistryException {@code CONFLICT} naming the rule and its problems when it is not valid
     */
    public void requireWritable(String model) {
        ConfigItem item = configuration.getConfigItem(RouteRules.ruleKey(model), RouteRules.GROUP);
        @Nullable String text = item == null ? null : item.getContent();
        if (text != null && !text.isBlank()) {
            parse(model, text);
        }
    }

    /**
     * Brings {@code alias} of {@code model} in the rule in line with {@code currentTarget}, which returns the
     * version the alias points at in the registry now (empty when unset, or when the model is gone).
     *
     * @throws RegistryException {@code CONFLICT} when the rule is not valid, {@code UNAVAILABLE} when it kept
     *     changing
     */
    public void sync(String model, String alias, Function<String, Optional<Long>> currentTarget) {
        String key = RouteRules.ruleKey(model);
        for (int pass = 1; pass <= MAX_PASSES; pass++) {
            ConfigItem item = configuration.getConfigItem(key, RouteRules.GROUP);
            @Nullable String text = item == null ? null : item.getContent();
            boolean absent = text == null || text.isBlank();
            ModelRouteRule current = absent ? null : parse(model, text);
            Optional<String> target = currentTarget.apply(alias).map(String::valueOf);
            Optional<String> inRule = current == null ? Optional.empty() : current.resolveAlias(alias);
            if (target.equals(inRule)) {
                return;
            }
            ModelRouteRule base =
                    current == null ? ModelRouteRule.builder(model).build() : current;
            ModelRouteRule next = target.isPresent() ? base.withAlias(alias, target.get()) : base.withoutAlias(alias);
            boolean written = configuration.publishConfigCas(
                    key, RouteRules.GROUP, RouteRuleCodec.encode(next), ConfigCenters.casTicket(configuration, item));
            if (!written) {
                log.debug("Route rule {} changed concurrently (pass {}); retrying", key, pass);
                pause(pass);
            }
        }
        throw new RegistryException(
                Reason.UNAVAILABLE,
                model,
                null,
                "route rule " + key + " kept changing while alias '" + alias + "' was being written; try again");
    }

    private static ModelRouteRule parse(String model, String text) {
        RuleParseResult result = RouteRuleCodec.parse(text);
        if (!result.isValid()) {
            throw new RegistryException(
                    Reason.CONFLICT,
                    model,
                    null,
                    "route rule " + RouteRules.ruleKey(model) + " in group " + RouteRules.GROUP
                            + " is not valid, so the alias cannot be written to it; fix the rule first: "
                            + result.problems());
        }
        return result.orElseThrow();
    }

    private static void pause(int pass) {
        try {
            TimeUnit.MICROSECONDS.sleep(ThreadLocalRandom.current().nextLong(100, 1000L << Math.min(pass, 5)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryException(Reason.UNAVAILABLE, null, null, "interrupted while writing a route rule", e);
        }
    }
}
