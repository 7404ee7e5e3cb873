package io.dubboai.deployment.spring;

import io.dubboai.controlplane.rule.RouteRuleEditException;
import io.dubboai.controlplane.store.DocumentStoreException;
import io.dubboai.deployment.rollout.DeploymentConflictException;
import io.dubboai.deployment.rollout.DeploymentNotFoundException;
import io.dubboai.deployment.rollout.DeploymentProblem;
import io.dubboai.deployment.rollout.InvalidDeploymentException;
import io.dubboai.deployment.rollout.StrictJson;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Failures of the {@link DeploymentController} as RFC 7807 problem details: 400 {@code invalid-deployment} with every
 * problem ({@code problems}: path and message), 409 {@code deployment-conflict} (with {@code holder} when another
 * rollout or an experiment holds the model), 404, 400 {@code malformed-request} for unreadable JSON or an unknown
 * field, naming it; never a stack trace.
 */
@RestControllerAdvice(assignableTypes = DeploymentController.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
public class DeploymentProblemHandler {

    private static final Logger log = LoggerFactory.getLogger(DeploymentProblemHandler.class);
    private static final URI TYPE_BASE = URI.create("https://dubbo-ai.io/problems/");

    @ExceptionHandler(InvalidDeploymentException.class)
    ProblemDetail invalid(InvalidDeploymentException e) {
        return invalid("invalid-deployment", e.getMessage(), e.problems());
    }

    /** 400 of {@code type} with {@code problems}: each problem's path and message. */
    static ProblemDetail invalid(String type, String detail, java.util.List<DeploymentProblem> problems) {
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, type, detail);
        problem.setProperty(
                "problems",
                problems.stream()
                        .map(p -> Map.of("path", p.path(), "message", p.message()))
                        .toList());
        return problem;
    }

    @ExceptionHandler(DeploymentConflictException.class)
    ProblemDetail conflict(DeploymentConflictException e) {
        ProblemDetail problem = problem(HttpStatus.CONFLICT, "deployment-conflict", e.getMessage());
        problem.setProperty("deployment", e.name());
        if (e.holder() != null) {
            problem.setProperty("holder", e.holder());
        }
        return problem;
    }

    @ExceptionHandler(DeploymentNotFoundException.class)
    ProblemDetail notFound(DeploymentNotFoundException e) {
        return problem(HttpStatus.NOT_FOUND, "not-found", e.getMessage());
    }

    @ExceptionHandler(DeploymentController.UnknownActionException.class)
    ProblemDetail unknownAction(DeploymentController.UnknownActionException e) {
        return problem(HttpStatus.NOT_FOUND, "not-found", e.getMessage());
    }

    @ExceptionHandler(StrictJson.Unreadable.class)
    ProblemDetail unreadable(StrictJson.Unreadable e) {
        return malformed(
                e,
                "the body is not a readable deployment",
                "{\"name\": \"risk-v2\", \"model\": \"risk\", \"version\": \"2\", \"strategy\": {\"type\":"
                        + " \"canary\", \"steps\": [5, 25, 50, 100], \"stepInterval\": \"PT1M\"}}");
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ProblemDetail noBody(HttpMessageNotReadableException e) {
        return problem(
                HttpStatus.BAD_REQUEST,
                "malformed-request",
                "the request has no readable body; send the JSON object described in docs/deployment.md");
    }

    /** 400 {@code malformed-request} naming the field ({@code field}), with an example of a readable body. */
    static ProblemDetail malformed(StrictJson.Unreadable e, String what, String example) {
        ProblemDetail problem = problem(
                HttpStatus.BAD_REQUEST,
                "malformed-request",
                what + ": " + e.getMessage() + "; send JSON such as " + example);
        if (!e.path().isEmpty()) {
            problem.setProperty("field", e.path());
        }
        return problem;
    }

    @ExceptionHandler(RouteRuleEditException.class)
    ProblemDetail ruleContention(RouteRuleEditException e) {
        return problem(HttpStatus.SERVICE_UNAVAILABLE, "contention", e.getMessage());
    }

    @ExceptionHandler({DocumentStoreException.class, IllegalStateException.class, RuntimeException.class})
    ProblemDetail failed(RuntimeException e, HttpServletRequest request) {
        String errorId = UUID.randomUUID().toString();
        log.warn("{} {} failed (error id {})", request.getMethod(), request.getRequestURI(), errorId, e);
        return problem(
                HttpStatus.SERVICE_UNAVAILABLE,
                "unavailable",
                "the deployment could not be read or changed; nothing was half applied (each change is one"
                        + " compare-and-set). Retry, and if it persists report error id " + errorId
                        + " to the operator");
    }

    static ProblemDetail problem(HttpStatus status, String type, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(TYPE_BASE.resolve(type));
        problem.setTitle(status.getReasonPhrase());
        return problem;
    }
}
