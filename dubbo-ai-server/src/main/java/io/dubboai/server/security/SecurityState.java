package io.dubboai.server.security;

import java.util.List;
import java.util.Optional;

/**
 * Everything the server stores about who may call it, as one document (written with compare-and-set).
 *
 * @param users people who log in
 * @param tokens bearer tokens, active and revoked (revoked ones stay for the record until pruned)
 */
public record SecurityState(List<UserAccount> users, List<ApiToken> tokens) {

    /** The state of a server that has never started. */
    public static final SecurityState EMPTY = new SecurityState(List.of(), List.of());

    /** Copies the lists. */
    public SecurityState {
        users = List.copyOf(users);
        tokens = List.copyOf(tokens);
    }

    /** The user with this name. */
    public Optional<UserAccount> user(String username) {
        return users.stream().filter(u -> u.username().equals(username)).findFirst();
    }

    /** The token with this id. */
    public Optional<ApiToken> token(String id) {
        return tokens.stream().filter(t -> t.id().equals(id)).findFirst();
    }
}
