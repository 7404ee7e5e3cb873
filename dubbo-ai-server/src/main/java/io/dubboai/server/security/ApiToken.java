package io.dubboai.server.security;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A bearer token as stored: its public id and a salted SHA-256 of its secret, never the secret itself. The token a
 * client sends is {@code dai_<id>_<secret>}; the id finds the record, the secret is hashed with the record's salt
 * and compared in constant time. Tokens carry 256 random bits, so a fast salted hash is enough (no password
 * stretching is needed for secrets that cannot be guessed).
 *
 * @param id public identifier (12 hex digits)
 * @param name label given at creation, e.g. {@code ci-deployer}
 * @param subject the user the token acts for (audit log, model ownership)
 * @param role what the token may do
 * @param kind an API token (automation) or a session token issued at login
 * @param salt random salt, base64
 * @param hash SHA-256 of salt and secret, base64
 * @param createdAt when it was created
 * @param expiresAt when it stops working, {@code null} for never
 * @param revokedAt when it was revoked, {@code null} while valid
 */
public record ApiToken(
        String id,
        String name,
        String subject,
        Role role,
        Kind kind,
        String salt,
        String hash,
        Instant createdAt,
        @Nullable Instant expiresAt,
        @Nullable Instant revokedAt) {

    /** How the token was issued. */
    public enum Kind {
        /** Created by an admin for automation. */
        API,
        /** Issued at login, expires after the session lifetime. */
        SESSION
    }

    /** Checks that every field is present. */
    public ApiToken {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(salt, "salt");
        Objects.requireNonNull(hash, "hash");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    /** Whether the token is accepted at {@code now}. */
    public boolean isActive(Instant now) {
        return revokedAt == null && (expiresAt == null || now.isBefore(expiresAt));
    }

    /** This token revoked at {@code now}. */
    public ApiToken revoke(Instant now) {
        return new ApiToken(id, name, subject, role, kind, salt, hash, createdAt, expiresAt, now);
    }
}
