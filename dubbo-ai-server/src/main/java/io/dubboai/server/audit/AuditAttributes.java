package io.dubboai.server.audit;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

/**
 * How a request handler tells the audit log what it changed. Handlers in any module set these request attributes
 * (plain strings, so no dependency on this module is needed); {@link AuditFilter} reads them when it writes the
 * entry. Without them the entry records the request path as target and the request body as the state after.
 */
public final class AuditAttributes {

    /** Request attribute: the changed resource's state before, as JSON. */
    public static final String BEFORE = "io.dubboai.audit.before";

    /** Request attribute: the changed resource's state after, as JSON. */
    public static final String AFTER = "io.dubboai.audit.after";

    /** Request attribute: the changed resource, e.g. {@code model:iris}. */
    public static final String TARGET = "io.dubboai.audit.target";

    /** Request attribute: the actor, for calls made before authentication (login). */
    public static final String ACTOR = "io.dubboai.audit.actor";

    /**
     * Request attribute: any value means "changed nothing, do not record", for refusals an attacker can repeat
     * cheaply (a locked login), which would otherwise flood the log and push real history out of it.
     */
    public static final String SKIP = "io.dubboai.audit.skip";

    private AuditAttributes() {}

    /** Records what {@code request} changed. */
    public static void describe(
            HttpServletRequest request, String target, @Nullable String before, @Nullable String after) {
        request.setAttribute(TARGET, target);
        if (before != null) {
            request.setAttribute(BEFORE, before);
        }
        if (after != null) {
            request.setAttribute(AFTER, after);
        }
    }
}
