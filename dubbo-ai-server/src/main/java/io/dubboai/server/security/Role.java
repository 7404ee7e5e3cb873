package io.dubboai.server.security;

import java.util.Locale;

/** What a user or token may do; each role includes the ones below it. */
public enum Role {
    /** Reads everything except users, tokens and the audit log. */
    VIEWER,
    /** Also writes: registers models and versions, moves aliases; reads the audit log. */
    OPERATOR,
    /** Also manages users and tokens. */
    ADMIN;

    /** The Spring Security authority, e.g. {@code ROLE_OPERATOR}. */
    public String authority() {
        return "ROLE_" + name();
    }

    /** Whether this role includes everything {@code other} may do. */
    public boolean includes(Role other) {
        return compareTo(other) >= 0;
    }

    /** Parses {@code viewer}, {@code operator} or {@code admin}, in any case. */
    public static Role parse(String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Unknown role '" + value + "'; use one of viewer, operator, admin", e);
        }
    }
}
