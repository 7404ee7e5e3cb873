package io.dubboai.server.web;

import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.error.ErrorAttributeOptions;
import org.springframework.boot.web.servlet.error.DefaultErrorAttributes;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.WebRequest;

/**
 * The body of Spring Boot's {@code /error} answer, for failures no controller advice handled: exceptions thrown by a
 * filter (the bearer-token check reaching the credential store, the audit filter) or by a module's or plugin's
 * controller without its own handler. The server shows error messages ({@code server.error.include-message: always})
 * because the 401 and 403 answers of its security rules carry ones that say what to do; an exception's message is
 * another matter. For every 5xx this replaces the message with a generic one and an {@code errorId}, and logs the
 * exception with its stack trace under that id. 4xx answers keep their message.
 */
public final class ServerErrorAttributes extends DefaultErrorAttributes {

    private static final Logger log = LoggerFactory.getLogger(ServerErrorAttributes.class);

    /** Request attribute holding the error id, so one failure keeps one id however often its body is rendered. */
    private static final String ERROR_ID = ServerErrorAttributes.class.getName() + ".errorId";

    @Override
    public Map<String, Object> getErrorAttributes(WebRequest request, ErrorAttributeOptions options) {
        Map<String, Object> attributes = super.getErrorAttributes(request, options);
        Object status = attributes.get("status");
        if (!(status instanceof Integer code) || code < 500) {
            return attributes;
        }
        String errorId = (String) request.getAttribute(ERROR_ID, RequestAttributes.SCOPE_REQUEST);
        if (errorId == null) {
            errorId = UUID.randomUUID().toString();
            request.setAttribute(ERROR_ID, errorId, RequestAttributes.SCOPE_REQUEST);
            log.error(
                    "Unexpected failure of {} (status {}, error id {})",
                    attributes.get("path"),
                    code,
                    errorId,
                    getError(request));
        }
        attributes.put("message", genericDetail(errorId));
        attributes.put("errorId", errorId);
        attributes.remove("exception");
        attributes.remove("trace");
        attributes.remove("errors");
        return attributes;
    }

    /** The problem an unexpected failure is answered with. */
    static ProblemDetail internalError(String errorId) {
        ProblemDetail problem =
                ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR, genericDetail(errorId));
        problem.setTitle("Internal error");
        problem.setProperty("errorId", errorId);
        return problem;
    }

    private static String genericDetail(String errorId) {
        return "The server failed unexpectedly; nothing was changed unless the answer said so. Retry, and if it"
                + " persists report error id " + errorId + " to the operator (the server log has the details).";
    }
}
