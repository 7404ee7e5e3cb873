package io.dubboai.deployment.rule;

import io.dubboai.controlplane.rule.RouteRuleEdit;
import io.dubboai.controlplane.rule.RouteRuleEditException;
import io.dubboai.controlplane.rule.RouteRuleEditor;
import io.dubboai.controlplane.rule.RouteRulePrecondition;
import io.dubboai.controlplane.rule.StoredRouteRule;
import io.dubboai.core.rule.InvalidRouteRuleException;
import io.dubboai.core.rule.ModelRouteRule;
import io.dubboai.core.rule.RouteRuleCodec;
import io.dubboai.core.rule.RouteRules;
import io.dubboai.core.rule.RuleParseResult;
import io.dubboai.core.rule.RuleProblem;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Reads and replaces the deployment's fields of a model's route rule: the enabled flag, the weights per version, the
 * GPU constraints, the sticky key and the fallback. The aliases are the registry's: a change keeps them as stored and
 * refuses to alter them ({@link AliasChangeRefusedException}). Every write goes through the one
 * {@link RouteRuleEditor}, so an alias move by the registry between a read and a write is never lost.
 *
 * <p>Threading: stateless; any thread.
 */
public final class RouteRuleService {

    private final RouteRuleEditor editor;

    /** @param editor the editor of the config center the routers read */
    public RouteRuleService(RouteRuleEditor editor) {
        this.editor = editor;
    }

    /**
     * The rule of {@code model} as stored, valid or not; empty when it has none.
     *
     * @throws IllegalArgumentException when {@code model} is not a valid model name
     */
    public Optional<StoredRouteRule> read(String model) {
        RouteRules.ruleKey(model); // checks the name
        return editor.read(model);
    }

    /**
     * Replaces the rule of {@code model} with the rule in {@code text} (YAML, or JSON), keeping the stored aliases.
     * {@code text} may leave {@code aliases} out (or empty); if it lists them, they must be exactly the stored ones.
     * A stored rule that is not valid is replaced as sent, aliases included: nobody can tell what its aliases were,
     * and the registry writes each alias again on its next move.
     *
     * @param precondition what must hold of the stored rule (the HTTP API's {@code If-Match} / {@code If-None-Match})
     * @return the rule before and after
     * @throws InvalidRouteRuleException with every problem, at its line and column in {@code text} where it has one
     * @throws AliasChangeRefusedException when the change would alter the aliases
     * @throws RouteRuleEditException when the precondition failed, or the rule kept changing
     */
    public RouteRuleEdit replace(String model, String text, RouteRulePrecondition precondition) {
        RuleParseResult parsed = RouteRuleCodec.parse(model, text);
        if (!parsed.isValid()) {
            throw new InvalidRouteRuleException(parsed.problems());
        }
        ModelRouteRule wanted = parsed.orElseThrow();
        return editor.edit(model, precondition, current -> Optional.of(merged(model, wanted, current)));
    }

    /** {@code wanted} with the stored aliases; refuses a change of aliases. */
    static ModelRouteRule merged(String model, ModelRouteRule wanted, @Nullable StoredRouteRule current) {
        if (current != null && !current.isValid()) {
            return wanted;
        }
        Map<String, String> aliases =
                current == null ? Map.of() : current.rule().orElseThrow().aliases();
        if (!wanted.aliases().isEmpty() && !wanted.aliases().equals(aliases)) {
            throw new AliasChangeRefusedException(model, aliases, wanted.aliases());
        }
        try {
            return new ModelRouteRule(
                    model,
                    wanted.enabled(),
                    wanted.traffic(),
                    aliases,
                    wanted.gpu(),
                    wanted.stickyKey(),
                    wanted.fallback(),
                    wanted.shadow());
        } catch (InvalidRouteRuleException e) {
            // the stored aliases point at versions the new split leaves out
            throw new InvalidRouteRuleException(e.problems().stream()
                    .map(problem -> aboutStoredAlias(model, problem))
                    .toList());
        }
    }

    private static RuleProblem aboutStoredAlias(String model, RuleProblem problem) {
        if (!problem.path().startsWith("aliases.")) {
            return problem;
        }
        String alias = problem.path().substring("aliases.".length());
        return new RuleProblem(
                problem.path(),
                problem.line(),
                problem.column(),
                problem.message() + ". Alias '" + alias + "' is the registry's and stays in the rule: keep its version"
                        + " in traffic, or move the alias first with PUT "
                        + AliasChangeRefusedException.aliasEndpoint(model, alias));
    }
}
