package io.dubboai.monitor.control.spring;

import io.dubboai.controlplane.store.DocumentStoreException;
import io.dubboai.monitor.control.alert.SloRuleConflictException;
import io.dubboai.monitor.control.drift.ReferenceMismatchException;
import jakarta.servlet.http.HttpServletRequest;
import java.util.NoSuchElementException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Problem details for the monitoring API: invalid input is a 400 with the precise message; an unknown SLO rule a 404;
 * a rule that exists already a 409; a component that is not running, or a document store that cannot be reached, a
 * 503. Unexpected failures are left to the host (the server answers them with a generic 500 and an
 * error id).
 */
@RestControllerAdvice(assignableTypes = {MonitoringController.class, AlertingController.class, DriftController.class})
@Order(Ordered.HIGHEST_PRECEDENCE)
public class MonitoringProblemHandler {

    @ExceptionHandler(IllegalArgumentException.class)
    ProblemDetail invalid(IllegalArgumentException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
        problem.setTitle("Invalid monitoring request");
        return problem;
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ProblemDetail unreadable(HttpMessageNotReadableException e, HttpServletRequest request) {
        if (request.getRequestURI().contains("/slo-rules")) {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                    HttpStatus.BAD_REQUEST,
                    "The request body is not a valid SLO rule: JSON such as {\"id\":\"fraud-v2-errors\",\"model\":"
                            + "\"fraud\",\"version\":\"2\",\"metric\":\"error_rate\",\"target\":0.999} (numbers as"
                            + " numbers, actions a list of names)");
            problem.setTitle("Invalid monitoring request");
            return problem;
        }
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.BAD_REQUEST,
                "The request body is not a valid analysis request: JSON with model, baseline, candidate, window"
                        + " (ISO-8601, e.g. PT5M) and metrics ([{\"metric\":\"error_rate\",\"maxDegradation\":0.01}])");
        problem.setTitle("Invalid monitoring request");
        return problem;
    }

    @ExceptionHandler(NoSuchElementException.class)
    ProblemDetail notFound(NoSuchElementException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
        problem.setTitle("Not found");
        return problem;
    }

    @ExceptionHandler(ReferenceMismatchException.class)
    ProblemDetail mismatch(ReferenceMismatchException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
        problem.setTitle("Reference profile does not fit");
        return problem;
    }

    @ExceptionHandler(SloRuleConflictException.class)
    ProblemDetail conflict(SloRuleConflictException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
        problem.setTitle("SLO rule conflict");
        return problem;
    }

    @ExceptionHandler(DocumentStoreException.class)
    ProblemDetail storeDown(DocumentStoreException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage());
        problem.setTitle("Monitoring store unavailable");
        return problem;
    }

    @ExceptionHandler(IllegalStateException.class)
    ProblemDetail notRunning(IllegalStateException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage());
        problem.setTitle("Monitoring unavailable");
        return problem;
    }
}
