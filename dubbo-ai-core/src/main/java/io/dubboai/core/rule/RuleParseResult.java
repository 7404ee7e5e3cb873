package io.dubboai.core.rule;

import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The outcome of reading a rule text: a valid rule, or every problem found in it. Never both.
 *
 * @param rule the rule, present exactly when {@code problems} is empty
 * @param problems what is wrong, in document order
 */
public record RuleParseResult(@Nullable ModelRouteRule rule, List<RuleProblem> problems) {

    public RuleParseResult {
        problems = List.copyOf(problems);
        if ((rule == null) == problems.isEmpty()) {
            throw new IllegalArgumentException("a parse result holds either a rule or problems");
        }
    }

    static RuleParseResult valid(ModelRouteRule rule) {
        return new RuleParseResult(rule, List.of());
    }

    static RuleParseResult invalid(List<RuleProblem> problems) {
        return new RuleParseResult(null, problems);
    }

    /** Whether the text held a valid rule. */
    public boolean isValid() {
        return rule != null;
    }

    /** The rule, if valid. */
    public Optional<ModelRouteRule> toOptional() {
        return Optional.ofNullable(rule);
    }

    /** The rule, or {@link InvalidRouteRuleException} listing the problems. */
    public ModelRouteRule orElseThrow() {
        if (rule == null) {
            throw new InvalidRouteRuleException(problems);
        }
        return rule;
    }
}
