package io.dubboai.registry.spring;

import io.dubboai.registry.RegistryException;
import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * MLflow-style errors for the {@link MlflowController}: {@code {"error_code": ..., "message": ...}} with MLflow's
 * codes and statuses ({@code RESOURCE_DOES_NOT_EXIST} 404, {@code RESOURCE_ALREADY_EXISTS} 400,
 * {@code INVALID_PARAMETER_VALUE} 400, {@code INVALID_STATE} 400, {@code PERMISSION_DENIED} 403,
 * {@code TEMPORARILY_UNAVAILABLE} 503, {@code INTERNAL_ERROR} 500). An unexpected failure's message never reaches
 * the client: it gets a generic message and an {@code error_id} that the server log repeats with the stack trace.
 */
@RestControllerAdvice(assignableTypes = MlflowController.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
public class MlflowErrorHandler {

    private static final Logger log = LoggerFactory.getLogger(MlflowErrorHandler.class);

    @ExceptionHandler(RegistryException.class)
    ResponseEntity<Map<String, String>> registry(RegistryException e, HttpServletRequest request) {
        return switch (e.reason()) {
            case NOT_FOUND -> error(HttpStatus.NOT_FOUND, "RESOURCE_DOES_NOT_EXIST", e.getMessage());
            case ALREADY_EXISTS -> error(HttpStatus.BAD_REQUEST, "RESOURCE_ALREADY_EXISTS", e.getMessage());
            case CONFLICT -> error(HttpStatus.BAD_REQUEST, "INVALID_STATE", e.getMessage());
            case TOO_LARGE, CHECKSUM_MISMATCH, URI_NOT_ALLOWED ->
                error(HttpStatus.BAD_REQUEST, "INVALID_PARAMETER_VALUE", e.getMessage());
            case UNAVAILABLE ->
                error(
                        HttpStatus.SERVICE_UNAVAILABLE,
                        "TEMPORARILY_UNAVAILABLE",
                        e.getMessage(),
                        RegistryProblemHandler.logUnavailable(log, e, request));
        };
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<Map<String, String>> invalid(IllegalArgumentException e) {
        return error(HttpStatus.BAD_REQUEST, "INVALID_PARAMETER_VALUE", e.getMessage());
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<Map<String, String>> unreadable(HttpMessageNotReadableException e) {
        Throwable cause = e.getMostSpecificCause();
        String message = cause instanceof IllegalArgumentException
                ? cause.getMessage()
                : "Malformed request body: " + RegistryProblemHandler.jsonProblem(cause);
        return error(HttpStatus.BAD_REQUEST, "INVALID_PARAMETER_VALUE", message);
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<Map<String, String>> mismatch(MethodArgumentTypeMismatchException e) {
        return error(
                HttpStatus.BAD_REQUEST,
                "INVALID_PARAMETER_VALUE",
                "Invalid value '" + e.getValue() + "' for parameter '" + e.getName() + "'");
    }

    @ExceptionHandler(SecurityException.class)
    ResponseEntity<Map<String, String>> forbidden(SecurityException e) {
        return error(HttpStatus.FORBIDDEN, "PERMISSION_DENIED", e.getMessage());
    }

    /** A bug or an outage: a generic message with an error id; the details go to the server log only. */
    @ExceptionHandler(RuntimeException.class)
    ResponseEntity<Map<String, String>> unexpected(RuntimeException e, HttpServletRequest request) {
        String errorId = RegistryProblemHandler.logUnexpected(log, e, request);
        return error(
                HttpStatus.INTERNAL_SERVER_ERROR,
                "INTERNAL_ERROR",
                "The registry failed unexpectedly; retry, and if it persists report error id " + errorId
                        + " to the operator (the server log has the details)",
                errorId);
    }

    private static ResponseEntity<Map<String, String>> error(HttpStatus status, String code, String message) {
        return error(status, code, message, null);
    }

    /** MLflow's error body; {@code error_id} (ours, ignored by MLflow clients) names the log entry. */
    private static ResponseEntity<Map<String, String>> error(
            HttpStatus status, String code, String message, @Nullable String errorId) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("error_code", code);
        body.put("message", message);
        if (errorId != null) {
            body.put("error_id", errorId);
        }
        return ResponseEntity.status(status).body(body);
    }
}
