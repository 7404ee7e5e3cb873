package io.dubboai.server.web;

import io.dubboai.server.DubboAiServerApplication;
import io.dubboai.server.security.LoginThrottledException;
import jakarta.servlet.http.HttpServletRequest;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Turns the server controllers' errors into RFC 9457 problem details that say what to fix. Invalid values
 * ({@link IllegalArgumentException}, the project's convention for them) and known conditions keep their message; any
 * other exception is unexpected: the client gets a generic 500 with an {@code errorId}, and the server log gets the
 * same id with the exception and its stack trace. Spring MVC's own errors are answered by Spring Boot's problem-details
 * handler, which runs first.
 */
@RestControllerAdvice(basePackageClasses = DubboAiServerApplication.class)
public class ServerExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ServerExceptionHandler.class);

    @ExceptionHandler(IllegalArgumentException.class)
    ProblemDetail badRequest(IllegalArgumentException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
    }

    /** 429 with {@code Retry-After} (seconds) and, in the body, the instant from which to retry. */
    @ExceptionHandler(LoginThrottledException.class)
    ResponseEntity<ProblemDetail> tooManyLogins(LoginThrottledException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.TOO_MANY_REQUESTS, e.getMessage());
        problem.setTitle("Too many failed logins");
        problem.setProperty("retryAt", e.retryAt().toString());
        problem.setProperty("retryAfterSeconds", e.retryAfterSeconds());
        return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(e.retryAfterSeconds()))
                .body(problem);
    }

    @ExceptionHandler(NotFoundException.class)
    ProblemDetail notFound(NotFoundException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
    }

    /** Anything else is a bug or an outage: its message stays in the server log, under the id the client gets. */
    @ExceptionHandler(RuntimeException.class)
    ProblemDetail unexpected(RuntimeException e, HttpServletRequest request) {
        String errorId = UUID.randomUUID().toString();
        log.error(
                "Unexpected failure of {} {} (error id {})", request.getMethod(), request.getRequestURI(), errorId, e);
        return ServerErrorAttributes.internalError(errorId);
    }
}
