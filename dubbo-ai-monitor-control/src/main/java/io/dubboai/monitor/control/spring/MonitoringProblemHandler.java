package io.dubboai.monitor.control.spring;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Problem details for the monitoring API: invalid input is a 400 with the precise message; a component that is not
 * running is a 503. Unexpected failures are left to the host (the server answers them with a generic 500 and an
 * error id).
 */
@RestControllerAdvice(assignableTypes = MonitoringController.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
public class MonitoringProblemHandler {

    @ExceptionHandler(IllegalArgumentException.class)
    ProblemDetail invalid(IllegalArgumentException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
        problem.setTitle("Invalid monitoring request");
        return problem;
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ProblemDetail unreadable(HttpMessageNotReadableException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.BAD_REQUEST,
                "The request body is not a valid analysis request: JSON with model, baseline, candidate, window"
                        + " (ISO-8601, e.g. PT5M) and metrics ([{\"metric\":\"error_rate\",\"maxDegradation\":0.01}])");
        problem.setTitle("Invalid monitoring request");
        return problem;
    }

    @ExceptionHandler(IllegalStateException.class)
    ProblemDetail notRunning(IllegalStateException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage());
        problem.setTitle("Monitoring unavailable");
        return problem;
    }
}
