package io.dubboai.deployment.rollout;

import java.util.List;
import java.util.stream.Collectors;

/** A deployment request that cannot be accepted; {@link #problems()} lists every reason. Nothing was written. */
public final class InvalidDeploymentException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient List<DeploymentProblem> problems;

    public InvalidDeploymentException(List<DeploymentProblem> problems) {
        super("the deployment is not valid (" + problems.size() + (problems.size() == 1 ? " problem" : " problems")
                + "): "
                + problems.stream().map(p -> p.path() + ": " + p.message()).collect(Collectors.joining("; ")));
        this.problems = List.copyOf(problems);
    }

    public List<DeploymentProblem> problems() {
        return problems;
    }
}
