package io.dubboai.deployment.spring;

import io.dubboai.controlplane.store.DocumentStoreException;
import io.dubboai.deployment.rollout.StrictJson;
import io.dubboai.deployment.training.TrainingJobException;
import jakarta.servlet.http.HttpServletRequest;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Failures of the {@link TrainingJobController} as RFC 7807 problem details: 400 {@code invalid-training-job} with
 * every problem ({@code problems}: path and message), 400 {@code malformed-request} naming the unreadable or unknown
 * field, 409 {@code training-job-conflict}, 404 {@code not-found} or {@code training-disabled}; never a stack trace.
 */
@RestControllerAdvice(assignableTypes = TrainingJobController.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
public class TrainingJobProblemHandler {

    private static final Logger log = LoggerFactory.getLogger(TrainingJobProblemHandler.class);

    @ExceptionHandler(TrainingJobException.Invalid.class)
    ProblemDetail invalid(TrainingJobException.Invalid e) {
        return DeploymentProblemHandler.invalid("invalid-training-job", e.getMessage(), e.problems());
    }

    @ExceptionHandler(StrictJson.Unreadable.class)
    ProblemDetail unreadable(StrictJson.Unreadable e) {
        return DeploymentProblemHandler.malformed(
                e,
                "the body is not a readable training job",
                "{\"name\": \"churn-train-7\", \"model\": \"churn\", \"image\": \"ghcr.io/acme/churn-train:1.4\","
                        + " \"workers\": 2, \"artifactUri\": \"s3://models/churn/7/model.onnx\"}");
    }

    @ExceptionHandler(org.springframework.http.converter.HttpMessageNotReadableException.class)
    ProblemDetail noBody(org.springframework.http.converter.HttpMessageNotReadableException e) {
        return new DeploymentProblemHandler().noBody(e);
    }

    @ExceptionHandler(TrainingJobException.Conflict.class)
    ProblemDetail conflict(TrainingJobException.Conflict e) {
        return DeploymentProblemHandler.problem(HttpStatus.CONFLICT, "training-job-conflict", e.getMessage());
    }

    @ExceptionHandler(TrainingJobException.NotFound.class)
    ProblemDetail notFound(TrainingJobException.NotFound e) {
        return DeploymentProblemHandler.problem(HttpStatus.NOT_FOUND, "not-found", e.getMessage());
    }

    @ExceptionHandler(TrainingJobController.TrainingDisabledException.class)
    ProblemDetail disabled(TrainingJobController.TrainingDisabledException e) {
        return DeploymentProblemHandler.problem(HttpStatus.NOT_FOUND, "training-disabled", e.getMessage());
    }

    @ExceptionHandler({DocumentStoreException.class, RuntimeException.class})
    ProblemDetail failed(RuntimeException e, HttpServletRequest request) {
        String errorId = UUID.randomUUID().toString();
        log.warn("{} {} failed (error id {})", request.getMethod(), request.getRequestURI(), errorId, e);
        return DeploymentProblemHandler.problem(
                HttpStatus.SERVICE_UNAVAILABLE,
                "unavailable",
                "the training job could not be read or changed; each change is one compare-and-set, so nothing was"
                        + " half applied. Retry, and if it persists report error id " + errorId + " to the operator");
    }
}
