package io.dubboai.router;

import io.dubboai.core.rule.ModelRouteRule;
import io.dubboai.core.rule.RouteRules;
import io.dubboai.core.rule.RuleProblem;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What a consumer knows about the route rule of one model: the rule in force and the last rejected text.
 *
 * @param model the model
 * @param generation increases by one with every change the consumer received; 0 before the first read
 * @param rule the last good rule, {@code null} when the config center holds none
 * @param problems why the last text received was rejected; empty when it was accepted (or none was rejected yet)
 * @param rejected how many texts were rejected since the subscription started (a counter, never reset)
 * @param rejectedText the last rejected text, {@code null} when the latest text was accepted
 */
public record RuleStatus(
        String model,
        long generation,
        @Nullable ModelRouteRule rule,
        List<RuleProblem> problems,
        long rejected,
        @Nullable String rejectedText) {

    public RuleStatus {
        problems = List.copyOf(problems);
        if (generation < 0 || rejected < 0) {
            throw new IllegalArgumentException(
                    "generation and rejected count are never negative, got " + generation + " and " + rejected);
        }
    }

    /** The status before anything was read: no rule, no problem. */
    public static RuleStatus initial(String model) {
        return new RuleStatus(model, 0, null, List.of(), 0, null);
    }

    /** The config-center key of the rule. */
    public String ruleKey() {
        return RouteRules.ruleKey(model);
    }

    /** Whether the last text received was rejected (the previous good rule, if any, is still in force). */
    public boolean hasProblems() {
        return !problems.isEmpty();
    }

    /** The next status: {@code accepted} in force ({@code null}: no rule), no problem. */
    public RuleStatus accepted(@Nullable ModelRouteRule accepted) {
        return new RuleStatus(model, generation + 1, accepted, List.of(), rejected, null);
    }

    /** The next status: {@code text} rejected for {@code why}; the rule in force stays, the counter grows. */
    public RuleStatus rejected(String text, List<RuleProblem> why) {
        return new RuleStatus(model, generation + 1, rule, why, rejected + 1, text);
    }
}
