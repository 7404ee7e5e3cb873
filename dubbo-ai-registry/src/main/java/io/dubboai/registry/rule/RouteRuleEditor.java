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
import java.util.function.UnaryOperator;
import org.apache.dubbo.common.config.configcenter.ConfigItem;
import org.apache.dubbo.common.config.configcenter.DynamicConfiguration;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one writer path for a model's route rule ({@code <model>.model-route}, group {@link RouteRules#GROUP}): read
 * the rule and its ticket, change only the caller's fields, validate with the one codec, write by compare-and-set.
 * The registry (aliases, {@link AliasRuleSynchronizer}) and the experiments (the split with its sticky key) use it.
 *
 * <h2>Algorithm</h2>
 * Each pass reads the rule (and its ticket) first, then applies the caller's change to what it read. A change that
 * returns an equal rule ends the loop: the rule is as the caller wants it. Otherwise the new rule is written by
 * compare-and-set; a write that loses to another writer is retried from a fresh read after a short random pause, so
 * concurrent editors of different fields all keep their changes. An absent rule is created only if still absent on
 * ZooKeeper ({@link ConfigCenters#casTicket}); Nacos cannot create conditionally, so a pass that created the rule is
 * followed by another that re-reads it and repairs a rule another writer created at the same moment. Changes must
 * therefore be idempotent: applied to their own result they return an equal rule.
 *
 * <p>Rules that cannot be parsed are left alone (the error names the rule and its problems): overwriting them would
 * drop what their author wrote.
 */
public final class RouteRuleEditor {

    private static final Logger log = LoggerFactory.getLogger(RouteRuleEditor.class);
    private static final int MAX_PASSES = 200;

    private final DynamicConfiguration configuration;

    /** @param configuration the config center the routers read rules from */
    public RouteRuleEditor(DynamicConfiguration configuration) {
        this.configuration = configuration;
    }

    /**
     * The rule of {@code model}, empty when there is none.
     *
     * @throws RegistryException {@code CONFLICT} naming the rule and its problems when it is not valid
     */
    public Optional<ModelRouteRule> read(String model) {
        ConfigItem item = configuration.getConfigItem(RouteRules.ruleKey(model), RouteRules.GROUP);
        @Nullable String text = item == null ? null : item.getContent();
        return text == null || text.isBlank() ? Optional.empty() : Optional.of(parse(model, text, "it"));
    }

    /**
     * Brings the rule of {@code model} to what {@code change} makes of it.
     *
     * @param change maps the current rule ({@code ModelRouteRule.builder(model).build()} when there is none) to the
     *     wanted one; returns an equal rule when nothing is to change; must be idempotent (see above)
     * @param what what is being written, for messages (e.g. {@code "alias 'champion'"})
     * @return the rule as written (or as found, when nothing changed)
     * @throws RegistryException {@code CONFLICT} when the rule is not valid, {@code UNAVAILABLE} when it kept
     *     changing
     */
    public ModelRouteRule edit(String model, UnaryOperator<ModelRouteRule> change, String what) {
        String key = RouteRules.ruleKey(model);
        for (int pass = 1; pass <= MAX_PASSES; pass++) {
            ConfigItem item = configuration.getConfigItem(key, RouteRules.GROUP);
            @Nullable String text = item == null ? null : item.getContent();
            boolean absent = text == null || text.isBlank();
            ModelRouteRule current = absent ? ModelRouteRule.builder(model).build() : parse(model, text, what);
            ModelRouteRule next = change.apply(current);
            if (next.equals(current)) {
                return current;
            }
            boolean written = configuration.publishConfigCas(
                    key, RouteRules.GROUP, RouteRuleCodec.encode(next), ConfigCenters.casTicket(configuration, item));
            if (written && !absent) {
                return next;
            }
            if (!written) {
                log.debug("Route rule {} changed concurrently (pass {}); retrying", key, pass);
                pause(pass);
            }
        }
        throw new RegistryException(
                Reason.UNAVAILABLE,
                model,
                null,
                "route rule " + key + " kept changing while " + what + " was being written; try again");
    }

    private static ModelRouteRule parse(String model, String text, String what) {
        RuleParseResult result = RouteRuleCodec.parse(text);
        if (!result.isValid()) {
            throw new RegistryException(
                    Reason.CONFLICT,
                    model,
                    null,
                    "route rule " + RouteRules.ruleKey(model) + " in group " + RouteRules.GROUP
                            + " is not valid, so " + what + " cannot be written to it; fix the rule first: "
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
