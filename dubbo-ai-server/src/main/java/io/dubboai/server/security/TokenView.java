package io.dubboai.server.security;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * What the API shows of a token: never its secret, salt or hash.
 *
 * @param id public identifier
 * @param name label
 * @param subject the user it acts for
 * @param role its role
 * @param kind API or session token
 * @param createdAt creation time
 * @param expiresAt expiry, {@code null} for never
 * @param revokedAt revocation time, {@code null} while valid
 */
public record TokenView(
        String id,
        String name,
        String subject,
        Role role,
        ApiToken.Kind kind,
        Instant createdAt,
        @Nullable Instant expiresAt,
        @Nullable Instant revokedAt) {

    /** The public part of {@code token}. */
    public static TokenView of(ApiToken token) {
        return new TokenView(
                token.id(),
                token.name(),
                token.subject(),
                token.role(),
                token.kind(),
                token.createdAt(),
                token.expiresAt(),
                token.revokedAt());
    }
}
