package io.dubboai.deployment.training;

import io.dubboai.deployment.rollout.DeploymentProblem;
import java.util.List;
import java.util.stream.Collectors;

/** Why a training-job request was refused; nothing was written. */
public abstract sealed class TrainingJobException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TrainingJobException(String message) {
        super(message);
    }

    /** A spec with problems; {@link #problems()} lists each with its field. */
    public static final class Invalid extends TrainingJobException {
        private static final long serialVersionUID = 1L;

        private final transient List<DeploymentProblem> problems;

        public Invalid(List<DeploymentProblem> problems) {
            super("the training job is not valid (" + problems.size()
                    + (problems.size() == 1 ? " problem" : " problems") + "): "
                    + problems.stream().map(p -> p.path() + ": " + p.message()).collect(Collectors.joining("; ")));
            this.problems = List.copyOf(problems);
        }

        public List<DeploymentProblem> problems() {
            return problems;
        }
    }

    /** The name is taken, or the job's state does not allow the action. */
    public static final class Conflict extends TrainingJobException {
        private static final long serialVersionUID = 1L;

        public Conflict(String message) {
            super(message);
        }
    }

    /** No job of that name. */
    public static final class NotFound extends TrainingJobException {
        private static final long serialVersionUID = 1L;

        public NotFound(String name) {
            super("there is no training job '" + name + "'; list them with GET /api/v1/ai/training-jobs");
        }
    }
}
