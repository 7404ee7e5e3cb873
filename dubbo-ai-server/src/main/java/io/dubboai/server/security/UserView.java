package io.dubboai.server.security;

import java.time.Instant;

/**
 * What the API shows of a user: never the password hash.
 *
 * @param username login name
 * @param role role
 * @param createdAt creation time
 */
public record UserView(String username, Role role, Instant createdAt) {

    /** The public part of {@code account}. */
    public static UserView of(UserAccount account) {
        return new UserView(account.username(), account.role(), account.createdAt());
    }
}
