package io.dubboai.abtest.experiment;

import java.util.List;

/** An experiment definition with problems; {@link #problems()} lists every one, each with its field. */
public final class InvalidExperimentException extends IllegalArgumentException {

    private final transient List<ExperimentProblem> problems;

    public InvalidExperimentException(String id, List<ExperimentProblem> problems) {
        super("experiment '" + id + "' is not valid: " + problems);
        this.problems = List.copyOf(problems);
    }

    /** Every problem found. */
    public List<ExperimentProblem> problems() {
        return problems;
    }
}
