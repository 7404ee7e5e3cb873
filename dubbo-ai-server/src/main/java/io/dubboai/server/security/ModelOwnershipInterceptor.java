package io.dubboai.server.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Refuses (403) a write to {@code /api/v1/ai/models/<model>[/...]} by a non-admin who does not own the model. A
 * model without a known owner (a new one, or no registry present) may be written by any operator; admins may write
 * every model. Role checks happen before, in the security filter chain; this adds the per-model rule.
 */
public final class ModelOwnershipInterceptor implements HandlerInterceptor {

    private static final Set<String> WRITES = Set.of("POST", "PUT", "PATCH", "DELETE");
    private static final Pattern MODEL_PATH = Pattern.compile("^/api/v1/ai/models/([^/]+)(/.*)?$");

    private final ModelOwnership ownership;

    /** @param ownership tells model owners */
    public ModelOwnershipInterceptor(ModelOwnership ownership) {
        this.ownership = ownership;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
            throws Exception {
        if (!WRITES.contains(request.getMethod())) {
            return true;
        }
        Matcher matcher = MODEL_PATH.matcher(request.getRequestURI());
        if (!matcher.matches()) {
            return true;
        }
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication == null
                || !(authentication.getPrincipal() instanceof ApiPrincipal principal)
                || principal.role() == Role.ADMIN) {
            return true;
        }
        String model = matcher.group(1);
        Optional<String> owner = ownership.ownerOf(model);
        if (owner.isPresent() && !owner.get().equals(principal.name())) {
            response.sendError(
                    HttpServletResponse.SC_FORBIDDEN,
                    "Model '" + model + "' is owned by '" + owner.get() + "'; only its owner or an admin may change"
                            + " it");
            return false;
        }
        return true;
    }
}
