package io.dubboai.server.security;

import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A person who logs in with a password. Only the password's hash is kept (bcrypt, as Spring Security's delegating
 * encoder writes it: {@code {bcrypt}$2a$...}).
 *
 * @param username unique login name
 * @param passwordHash the encoded password hash, never the password
 * @param role what the user may do
 * @param createdAt when the account was created
 */
public record UserAccount(String username, String passwordHash, Role role, Instant createdAt) {

    /** Allowed user names: letters, digits, {@code . _ -}, 1 to 64 characters. */
    public static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    /** Checks the name and that a hash, not a password, is stored. */
    public UserAccount {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(passwordHash, "passwordHash");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(createdAt, "createdAt");
        if (!USERNAME.matcher(username).matches()) {
            throw new IllegalArgumentException(
                    "username must match " + USERNAME.pattern() + ", but was '" + username + "'");
        }
        if (!passwordHash.startsWith("{")) {
            throw new IllegalArgumentException("passwordHash of user '" + username
                    + "' must be an encoded hash such as {bcrypt}..., never a plain password");
        }
    }
}
