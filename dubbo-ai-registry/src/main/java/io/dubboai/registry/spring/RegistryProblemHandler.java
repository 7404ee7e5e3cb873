package io.dubboai.registry.spring;

import com.fasterxml.jackson.core.JacksonException;
import io.dubboai.registry.RegistryException;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * Turns failures of the {@link ModelsController} into RFC 7807 problem details: a status, a title, a
 * {@code detail} that says what is wrong and how to fix it, the registry's {@code reason}, and the model and version
 * concerned. Never a stack trace, and never the message of an unexpected exception: those are answered with a generic
 * 500 and an {@code errorId} that is also in the server log, next to the stack trace. A store that is unavailable
 * (503) keeps the registry's own message, gets an {@code errorId} too, and is logged with its cause.
 */
@RestControllerAdvice(assignableTypes = ModelsController.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
public class RegistryProblemHandler {

    private static final Logger log = LoggerFactory.getLogger(RegistryProblemHandler.class);
    private static final URI TYPE_BASE = URI.create("https://dubbo-ai.io/problems/");

    /** Maps a registry failure to its HTTP status. */
    static HttpStatus status(RegistryException.Reason reason) {
        return switch (reason) {
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
            case ALREADY_EXISTS, CONFLICT -> HttpStatus.CONFLICT;
            case TOO_LARGE -> HttpStatus.PAYLOAD_TOO_LARGE;
            case CHECKSUM_MISMATCH -> HttpStatus.UNPROCESSABLE_ENTITY;
            case URI_NOT_ALLOWED -> HttpStatus.BAD_REQUEST;
            case UNAVAILABLE -> HttpStatus.SERVICE_UNAVAILABLE;
        };
    }

    @ExceptionHandler(RegistryException.class)
    ProblemDetail registry(RegistryException e, HttpServletRequest request) {
        ProblemDetail problem =
                problem(status(e.reason()), e.reason().name().toLowerCase().replace('_', '-'), e.getMessage());
        problem.setProperty("reason", e.reason().name());
        if (e.reason() == RegistryException.Reason.UNAVAILABLE) {
            problem.setProperty("errorId", logUnavailable(log, e, request));
        }
        if (e.model() != null) {
            problem.setProperty("model", e.model());
        }
        if (e.version() != null) {
            problem.setProperty("version", e.version());
        }
        return problem;
    }

    @ExceptionHandler(UploadTooLargeException.class)
    ProblemDetail uploadTooLarge(UploadTooLargeException e) {
        ProblemDetail problem = problem(HttpStatus.PAYLOAD_TOO_LARGE, "too-large", e.getMessage());
        problem.setProperty("reason", RegistryException.Reason.TOO_LARGE.name());
        problem.setProperty("model", e.model());
        problem.setProperty("version", e.version());
        problem.setProperty("maxBytes", e.maxBytes());
        problem.setProperty("property", UploadTooLargeException.PROPERTY);
        return problem;
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ProblemDetail invalid(IllegalArgumentException e) {
        return problem(HttpStatus.BAD_REQUEST, "invalid-value", e.getMessage());
    }

    @ExceptionHandler(RegistryWriteGuard.WritesNotConfiguredException.class)
    ProblemDetail writesNotConfigured(RegistryWriteGuard.WritesNotConfiguredException e) {
        ProblemDetail problem = problem(HttpStatus.FORBIDDEN, "writes-not-configured", e.getMessage());
        problem.setProperty("property", RegistryWriteGuard.ALLOW_ANONYMOUS_WRITES);
        return problem;
    }

    @ExceptionHandler(SecurityException.class)
    ProblemDetail forbidden(SecurityException e) {
        return problem(HttpStatus.FORBIDDEN, "forbidden", e.getMessage());
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ProblemDetail unreadable(HttpMessageNotReadableException e) {
        Throwable cause = e.getMostSpecificCause();
        String detail = cause instanceof IllegalArgumentException
                ? cause.getMessage()
                : "the request body is not valid JSON for this endpoint (" + jsonProblem(cause)
                        + "); send a JSON object as described in docs/registry.md";
        return problem(HttpStatus.BAD_REQUEST, "malformed-request", detail);
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ProblemDetail mismatch(MethodArgumentTypeMismatchException e) {
        return problem(
                HttpStatus.BAD_REQUEST,
                "invalid-value",
                "parameter '" + e.getName() + "' has value '" + e.getValue() + "', which is not a "
                        + (e.getRequiredType() == null
                                ? "valid value"
                                : e.getRequiredType().getSimpleName()));
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    ProblemDetail missing(MissingServletRequestParameterException e) {
        return problem(
                HttpStatus.BAD_REQUEST,
                "invalid-value",
                "parameter '" + e.getParameterName() + "' is missing; add it to the query string");
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ProblemDetail mediaType(HttpMediaTypeNotSupportedException e) {
        return problem(
                HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                "unsupported-media-type",
                "content type " + e.getContentType() + " is not accepted here; send " + e.getSupportedMediaTypes());
    }

    /**
     * Anything else is a bug or an outage, not the caller's mistake: a generic 500 with an error id; the message and
     * stack trace go to the server log only. Spring's own errors that carry a status keep it.
     */
    @ExceptionHandler(RuntimeException.class)
    ProblemDetail unexpected(RuntimeException e, HttpServletRequest request) {
        if (e instanceof ErrorResponse known && known.getStatusCode().is4xxClientError()) {
            return known.getBody();
        }
        String errorId = logUnexpected(log, e, request);
        ProblemDetail problem = problem(
                HttpStatus.INTERNAL_SERVER_ERROR,
                "internal-error",
                "the registry failed unexpectedly; nothing was changed unless the response said so. Retry, and if it"
                        + " persists report error id " + errorId + " to the operator (the server log has the details)");
        problem.setProperty("errorId", errorId);
        return problem;
    }

    /** Logs an unexpected failure with its stack trace under a new error id, and returns the id. */
    static String logUnexpected(Logger log, Throwable e, HttpServletRequest request) {
        String errorId = UUID.randomUUID().toString();
        log.error(
                "Unexpected failure of {} {} (error id {})", request.getMethod(), request.getRequestURI(), errorId, e);
        return errorId;
    }

    /** Logs a store outage with its cause under a new error id, and returns the id. */
    static String logUnavailable(Logger log, RegistryException e, HttpServletRequest request) {
        String errorId = UUID.randomUUID().toString();
        log.warn(
                "{} {} failed, store unavailable (error id {})",
                request.getMethod(),
                request.getRequestURI(),
                errorId,
                e);
        return errorId;
    }

    /**
     * What is wrong with a request body: Jackson's description of the JSON problem (about the caller's own input), or
     * a generic phrase for any other failure to read it, whose message is not the caller's business.
     */
    static String jsonProblem(Throwable cause) {
        return cause instanceof JacksonException ? firstLine(cause.getMessage()) : "the body could not be read";
    }

    static String firstLine(String message) {
        if (message == null) {
            return "no detail";
        }
        int newline = message.indexOf('\n');
        String line = newline < 0 ? message : message.substring(0, newline);
        return line.length() > 300 ? line.substring(0, 300) + "..." : line;
    }

    private static ProblemDetail problem(HttpStatus status, String type, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(TYPE_BASE.resolve(type));
        problem.setTitle(status.getReasonPhrase());
        return problem;
    }
}
