package io.dubboai.server.audit;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingRequestWrapper;

/**
 * Writes one {@link AuditEntry} for every state-changing call ({@code POST}, {@code PUT}, {@code PATCH},
 * {@code DELETE}) under {@code /api/}, whatever module handles it, after the handler ran. It sits behind Spring
 * Security, so it sees the authenticated caller; calls refused for lack of credentials never reach a handler and
 * change nothing. Secrets in bodies are masked by {@link SecretMasker}. A failure to write the entry is logged and
 * does not fail the call, whose change is already made. A handler that changed nothing may set
 * {@link AuditAttributes#SKIP} (the login does for attempts refused by its rate limit).
 */
public final class AuditFilter extends OncePerRequestFilter {

    private static final Set<String> WRITES = Set.of("POST", "PUT", "PATCH", "DELETE");
    private static final int MAX_BODY = 16 * 1024;
    private static final Logger log = LoggerFactory.getLogger(AuditFilter.class);

    private final AuditLog auditLog;
    private final SecretMasker masker;
    private final Clock clock;

    /**
     * @param auditLog where entries go
     * @param masker masks secrets in bodies
     * @param clock the time source
     */
    public AuditFilter(AuditLog auditLog, SecretMasker masker, Clock clock) {
        this.auditLog = auditLog;
        this.masker = masker;
        this.clock = clock;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !WRITES.contains(request.getMethod()) || !request.getRequestURI().startsWith("/api/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        ContentCachingRequestWrapper wrapped = new ContentCachingRequestWrapper(request, MAX_BODY);
        try {
            chain.doFilter(wrapped, response);
        } finally {
            if (wrapped.getAttribute(AuditAttributes.SKIP) == null) {
                drainUnreadBody(wrapped);
                record(wrapped, response);
            }
        }
    }

    /** A handler that refused the call (or ignored the body) did not read it; read it now so it is recorded. */
    private static void drainUnreadBody(ContentCachingRequestWrapper request) {
        int cached = request.getContentAsByteArray().length;
        if (cached >= MAX_BODY || request.getContentLengthLong() == 0) {
            return;
        }
        try {
            request.getInputStream().readNBytes(MAX_BODY - cached);
        } catch (IOException | IllegalStateException e) {
            log.debug(
                    "Request body of {} could not be read for the audit log: {}",
                    request.getRequestURI(),
                    e.toString());
        }
    }

    private void record(ContentCachingRequestWrapper request, HttpServletResponse response) {
        try {
            String path = request.getRequestURI();
            Object target = request.getAttribute(AuditAttributes.TARGET);
            Object before = request.getAttribute(AuditAttributes.BEFORE);
            Object after = request.getAttribute(AuditAttributes.AFTER);
            String body = new String(request.getContentAsByteArray(), StandardCharsets.UTF_8);
            auditLog.append(new AuditEntry(
                    0,
                    clock.instant(),
                    actor(request),
                    request.getMethod() + " " + path,
                    target != null ? target.toString() : path,
                    before != null ? masker.mask(before.toString()) : null,
                    masker.mask(after != null ? after.toString() : body),
                    response.getStatus()));
        } catch (RuntimeException e) {
            log.error(
                    "Could not write the audit entry for {} {}: {}",
                    request.getMethod(),
                    request.getRequestURI(),
                    e.toString(),
                    e);
        }
    }

    private static String actor(HttpServletRequest request) {
        Object declared = request.getAttribute(AuditAttributes.ACTOR);
        if (declared != null) {
            return declared.toString();
        }
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication == null || authentication instanceof AnonymousAuthenticationToken) {
            return "anonymous";
        }
        return authentication.getName();
    }
}
