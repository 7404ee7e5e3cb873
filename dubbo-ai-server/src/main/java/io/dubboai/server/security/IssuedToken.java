package io.dubboai.server.security;

/**
 * A token just created: the only time its secret is returned.
 *
 * @param token the token's public part
 * @param secret the bearer value to send as {@code Authorization: Bearer <secret>}
 */
public record IssuedToken(TokenView token, String secret) {

    @Override
    public String toString() {
        // never let a log line or exception message carry the secret
        return "IssuedToken[token=" + token + ", secret=***]";
    }
}
