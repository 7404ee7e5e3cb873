package io.dubboai.deployment.spring;

import io.dubboai.controlplane.rule.RouteRuleEditException;
import io.dubboai.controlplane.rule.StoredRouteRule;
import io.dubboai.controlplane.store.DocumentStoreException;
import io.dubboai.core.rule.InvalidRouteRuleException;
import io.dubboai.core.rule.RuleProblem;
import io.dubboai.deployment.rule.AliasChangeRefusedException;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * Turns failures of the {@link RouteRuleController} into RFC 7807 problem details with a {@code detail} that says
 * what is wrong and what to do; an invalid rule lists every problem ({@code problems}: path, line, column, message,
 * and the hint part of the message as {@code hint}). Never a stack trace: unexpected failures answer 500 with an
 * {@code errorId} that is in the server log next to the stack trace.
 */
@RestControllerAdvice(assignableTypes = RouteRuleController.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
public class RouteRuleProblemHandler {

    private static final Logger log = LoggerFactory.getLogger(RouteRuleProblemHandler.class);
    private static final URI TYPE_BASE = URI.create("https://dubbo-ai.io/problems/");

    @ExceptionHandler(InvalidRouteRuleException.class)
    ProblemDetail invalidRule(InvalidRouteRuleException e) {
        ProblemDetail problem = problem(
                HttpStatus.BAD_REQUEST,
                "invalid-route-rule",
                "the route rule is not valid (" + e.problems().size() + " problem"
                        + (e.problems().size() == 1 ? "" : "s") + "); fix each at its path, line and column: "
                        + e.getMessage().replaceFirst("^invalid model route rule: ", ""));
        problem.setProperty("problems", problems(e.problems()));
        return problem;
    }

    @ExceptionHandler(AliasChangeRefusedException.class)
    ProblemDetail aliasChange(AliasChangeRefusedException e) {
        ProblemDetail problem = problem(HttpStatus.CONFLICT, "alias-change-refused", e.getMessage());
        problem.setProperty("model", e.model());
        problem.setProperty("storedAliases", e.stored());
        problem.setProperty("requestedAliases", e.requested());
        problem.setProperty("aliasEndpoint", AliasChangeRefusedException.aliasEndpoint(e.model(), "{alias}"));
        return problem;
    }

    @ExceptionHandler(RouteRuleEditException.class)
    ResponseEntity<ProblemDetail> editFailed(RouteRuleEditException e) {
        HttpStatus status = e.reason() == RouteRuleEditException.Reason.PRECONDITION_FAILED
                ? HttpStatus.PRECONDITION_FAILED
                : HttpStatus.SERVICE_UNAVAILABLE;
        ProblemDetail problem = problem(status, e.reason().name().toLowerCase().replace('_', '-'), e.getMessage());
        problem.setProperty("model", e.model());
        ResponseEntity.BodyBuilder answer = ResponseEntity.status(status);
        if (e.currentEtag() != null) {
            problem.setProperty("currentEtag", e.currentEtag());
            answer.eTag(e.currentEtag());
        }
        if (status == HttpStatus.SERVICE_UNAVAILABLE) {
            answer.header(HttpHeaders.RETRY_AFTER, "1");
        }
        return answer.body(problem);
    }

    @ExceptionHandler(RouteRuleController.PreconditionRequiredException.class)
    ProblemDetail preconditionRequired(RouteRuleController.PreconditionRequiredException e) {
        return problem(HttpStatus.PRECONDITION_REQUIRED, "precondition-required", e.getMessage());
    }

    @ExceptionHandler(RouteRuleController.RouteRuleNotFoundException.class)
    ProblemDetail notFound(RouteRuleController.RouteRuleNotFoundException e) {
        ProblemDetail problem = problem(HttpStatus.NOT_FOUND, "not-found", e.getMessage());
        problem.setProperty("model", e.model());
        return problem;
    }

    @ExceptionHandler(RouteRuleController.StoredRuleInvalidException.class)
    ResponseEntity<ProblemDetail> storedInvalid(RouteRuleController.StoredRuleInvalidException e) {
        StoredRouteRule stored = e.stored();
        ProblemDetail problem = problem(HttpStatus.CONFLICT, "stored-route-rule-invalid", e.getMessage());
        problem.setProperty("model", stored.model());
        problem.setProperty("currentEtag", stored.etag());
        problem.setProperty("problems", problems(stored.parsed().problems()));
        problem.setProperty("storedText", stored.text());
        return ResponseEntity.status(HttpStatus.CONFLICT).eTag(stored.etag()).body(problem);
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ProblemDetail invalidValue(IllegalArgumentException e) {
        return problem(HttpStatus.BAD_REQUEST, "invalid-value", e.getMessage());
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ProblemDetail unreadable(HttpMessageNotReadableException e) {
        return problem(
                HttpStatus.BAD_REQUEST,
                "malformed-request",
                "the request has no readable body; send the route rule as YAML (Content-Type: application/yaml) or"
                        + " JSON (application/json)");
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ProblemDetail mismatch(MethodArgumentTypeMismatchException e) {
        return problem(
                HttpStatus.BAD_REQUEST,
                "invalid-value",
                "parameter '" + e.getName() + "' has value '" + e.getValue() + "'; use true or false");
    }

    @ExceptionHandler(DocumentStoreException.class)
    ResponseEntity<ProblemDetail> storeUnavailable(DocumentStoreException e, HttpServletRequest request) {
        String errorId = UUID.randomUUID().toString();
        log.warn(
                "{} {} failed, config center unavailable (error id {})",
                request.getMethod(),
                request.getRequestURI(),
                errorId,
                e);
        ProblemDetail problem = problem(
                HttpStatus.SERVICE_UNAVAILABLE,
                "unavailable",
                "the config center holding route rules cannot be reached; nothing was changed. Retry, and if it"
                        + " persists report error id " + errorId + " to the operator");
        problem.setProperty("errorId", errorId);
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, "5")
                .body(problem);
    }

    /** Anything else is a bug or an outage: a generic 500 with an error id; the details go to the log only. */
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
                "the route-rule API failed unexpectedly; retry, and if it persists report error id " + errorId
                        + " to the operator (the server log has the details)");
        problem.setProperty("errorId", errorId);
        return problem;
    }

    /** Each problem as {@code path}, {@code line} and {@code column} (when known), {@code message}, {@code hint}. */
    static List<Map<String, Object>> problems(List<RuleProblem> problems) {
        return problems.stream().map(RouteRuleProblemHandler::problem).toList();
    }

    private static Map<String, Object> problem(RuleProblem problem) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("path", problem.path());
        if (problem.line() > 0) {
            entry.put("line", problem.line());
            entry.put("column", problem.column());
        }
        entry.put("message", problem.message());
        // the codec writes "what is wrong; how to fix it"
        int split = problem.message().indexOf("; ");
        if (split > 0) {
            entry.put("hint", problem.message().substring(split + 2));
        }
        return entry;
    }

    private static ProblemDetail problem(HttpStatus status, String type, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(TYPE_BASE.resolve(type));
        problem.setTitle(status.getReasonPhrase());
        return problem;
    }
}
