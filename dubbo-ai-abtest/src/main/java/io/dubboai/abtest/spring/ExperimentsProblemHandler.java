package io.dubboai.abtest.spring;

import io.dubboai.abtest.experiment.ExperimentConflictException;
import io.dubboai.abtest.experiment.InvalidExperimentException;
import io.dubboai.controlplane.rule.RouteRuleEditException;
import io.dubboai.controlplane.store.DocumentStoreException;
import io.dubboai.registry.RegistryException;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Turns failures of the {@link ExperimentsController} into RFC 7807 problem details that say what is wrong and what to
 * do: {@code invalid-experiment} (400, {@code problems}: field and message each), {@code experiment-conflict} (409:
 * the model is held, the id is taken, the state forbids it, outcomes arrive late), {@code not-found} (404), {@code
 * outcomes-refused} (422, {@code rejected}: index, unit, reason, message each), {@code invalid-value} (400). Never a
 * stack trace: unexpected failures answer 500 with an {@code errorId} that is in the server log.
 */
@RestControllerAdvice(assignableTypes = ExperimentsController.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
public class ExperimentsProblemHandler {

    private static final Logger log = LoggerFactory.getLogger(ExperimentsProblemHandler.class);
    private static final URI TYPE_BASE = URI.create("https://dubbo-ai.io/problems/");

    @ExceptionHandler(InvalidExperimentException.class)
    ProblemDetail invalid(InvalidExperimentException e) {
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "invalid-experiment", e.getMessage());
        problem.setProperty(
                "problems",
                e.problems().stream()
                        .map(p -> Map.of("field", p.path(), "message", p.message()))
                        .toList());
        return problem;
    }

    @ExceptionHandler(ExperimentConflictException.class)
    ProblemDetail conflict(ExperimentConflictException e) {
        return problem(HttpStatus.CONFLICT, "experiment-conflict", e.getMessage());
    }

    @ExceptionHandler(ExperimentsController.OutcomesRefusedException.class)
    ProblemDetail refused(ExperimentsController.OutcomesRefusedException e) {
        ProblemDetail problem = problem(HttpStatus.UNPROCESSABLE_ENTITY, "outcomes-refused", e.getMessage());
        problem.setProperty("rejected", e.receipt().rejected());
        return problem;
    }

    @ExceptionHandler(NoSuchElementException.class)
    ProblemDetail notFound(NoSuchElementException e) {
        return problem(HttpStatus.NOT_FOUND, "not-found", e.getMessage());
    }

    @ExceptionHandler(RegistryException.class)
    ProblemDetail registry(RegistryException e) {
        HttpStatus status =
                e.reason() == RegistryException.Reason.NOT_FOUND ? HttpStatus.NOT_FOUND : HttpStatus.CONFLICT;
        return problem(status, "registry-refused", e.getMessage());
    }

    @ExceptionHandler(SecurityException.class)
    ProblemDetail forbidden(SecurityException e) {
        return problem(HttpStatus.FORBIDDEN, "forbidden", e.getMessage());
    }

    @ExceptionHandler({IllegalArgumentException.class})
    ProblemDetail invalidValue(IllegalArgumentException e) {
        return problem(HttpStatus.BAD_REQUEST, "invalid-value", e.getMessage());
    }

    @ExceptionHandler(IllegalStateException.class)
    ProblemDetail state(IllegalStateException e) {
        return problem(HttpStatus.CONFLICT, "experiment-conflict", e.getMessage());
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ProblemDetail unreadable(HttpMessageNotReadableException e) {
        return problem(
                HttpStatus.BAD_REQUEST,
                "malformed-request",
                "the request body is not readable JSON of the expected shape; see docs/abtest.md for the fields");
    }

    @ExceptionHandler({DocumentStoreException.class, RouteRuleEditException.class})
    ResponseEntity<ProblemDetail> unavailable(RuntimeException e, HttpServletRequest request) {
        String errorId = UUID.randomUUID().toString();
        log.warn("{} {} failed (error id {})", request.getMethod(), request.getRequestURI(), errorId, e);
        ProblemDetail problem = problem(
                HttpStatus.SERVICE_UNAVAILABLE,
                "unavailable",
                "the config center holding experiments and route rules could not be written: " + e.getMessage()
                        + ". Retry; if it persists report error id " + errorId + " to the operator");
        problem.setProperty("errorId", errorId);
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, "5")
                .body(problem);
    }

    @ExceptionHandler(RuntimeException.class)
    ProblemDetail unexpected(RuntimeException e, HttpServletRequest request) {
        if (e instanceof ErrorResponse known && known.getStatusCode().is4xxClientError()) {
            return known.getBody();
        }
        String errorId = UUID.randomUUID().toString();
        log.error(
                "Unexpected failure of {} {} (error id {})", request.getMethod(), request.getRequestURI(), errorId, e);
        ProblemDetail problem = problem(
                HttpStatus.INTERNAL_SERVER_ERROR,
                "internal-error",
                "the experiments API failed unexpectedly; retry, and if it persists report error id " + errorId
                        + " to the operator (the server log has the details)");
        problem.setProperty("errorId", errorId);
        return problem;
    }

    private static ProblemDetail problem(HttpStatus status, String type, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(TYPE_BASE.resolve(type));
        problem.setTitle(status.getReasonPhrase());
        return problem;
    }
}
