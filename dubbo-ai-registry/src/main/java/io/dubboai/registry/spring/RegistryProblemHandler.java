package io.dubboai.registry.spring;

import io.dubboai.registry.RegistryException;
import java.net.URI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * Turns failures of the {@link ModelsController} into RFC 7807 problem details: a status, a title, a
 * {@code detail} that says what is wrong and how to fix it, the registry's {@code reason}, and the model and version
 * concerned. Never a stack trace.
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
    ProblemDetail registry(RegistryException e) {
        ProblemDetail problem =
                problem(status(e.reason()), e.reason().name().toLowerCase().replace('_', '-'), e.getMessage());
        problem.setProperty("reason", e.reason().name());
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
                : "the request body is not valid JSON for this endpoint (" + firstLine(cause.getMessage())
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

    @ExceptionHandler(RuntimeException.class)
    ProblemDetail unexpected(RuntimeException e) {
        log.error("Unexpected failure in the model registry API", e);
        return problem(
                HttpStatus.INTERNAL_SERVER_ERROR,
                "internal-error",
                "the registry failed unexpectedly (" + e.getClass().getSimpleName()
                        + "); nothing was changed unless the response said so, see the server log for details");
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
