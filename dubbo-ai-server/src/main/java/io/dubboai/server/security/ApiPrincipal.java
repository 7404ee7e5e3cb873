package io.dubboai.server.security;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Who is calling: the user name and role, and the token used.
 *
 * @param name the user (or token subject) name
 * @param role the role granted
 * @param tokenId the id of the bearer token used, {@code null} for other authentication
 */
public record ApiPrincipal(String name, Role role, @Nullable String tokenId) {

    /** Checks that name and role are present. */
    public ApiPrincipal {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(role, "role");
    }

    @Override
    public String toString() {
        return name;
    }
}
