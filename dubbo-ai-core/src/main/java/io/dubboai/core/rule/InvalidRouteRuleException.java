package io.dubboai.core.rule;

import java.util.List;
import java.util.stream.Collectors;

/** A route rule that breaks its invariants; {@link #problems()} lists every one, with its path. */
public final class InvalidRouteRuleException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final List<RuleProblem> problems;

    public InvalidRouteRuleException(List<RuleProblem> problems) {
        super(describe(problems));
        this.problems = List.copyOf(problems);
    }

    /** Every problem found, in document order. */
    public List<RuleProblem> problems() {
        return problems;
    }

    static String describe(List<RuleProblem> problems) {
        return "invalid model route rule: "
                + problems.stream().map(RuleProblem::toString).collect(Collectors.joining("; "));
    }
}
