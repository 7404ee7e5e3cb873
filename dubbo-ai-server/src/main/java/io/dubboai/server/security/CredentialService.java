package io.dubboai.server.security;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dubboai.controlplane.store.Document;
import io.dubboai.controlplane.store.DocumentStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Users and bearer tokens: creation, verification, login and revocation.
 *
 * <p>Storage: one JSON document ({@link SecurityState}) under {@value #KEY} in a {@link DocumentStore}, changed only
 * with compare-and-set (re-read and retry on conflict), so two replicas never lose each other's writes. Secrets are
 * never stored: passwords as bcrypt hashes, token secrets as salted SHA-256.
 *
 * <p>Caching: verification reads a snapshot that is at most {@code cacheTtl} old (a local write refreshes it at once),
 * so a token revoked on another replica stops working there within that time. An unknown token id triggers one
 * re-read (at most one per second), so a token created on another replica works here at once or within a second.
 */
public final class CredentialService {

    /** Document key of the security state. */
    public static final String KEY = "security-state";

    /** Shortest password accepted. */
    public static final int MIN_PASSWORD_LENGTH = 12;

    private static final String TOKEN_PREFIX = "dai_";
    private static final int MAX_CAS_ATTEMPTS = 20;
    /** Shortest time between two store reads caused by unknown token ids (bounds the cost of guessing). */
    private static final Duration MISS_REFRESH = Duration.ofSeconds(1);

    private static final Logger log = LoggerFactory.getLogger(CredentialService.class);

    private final DocumentStore store;
    private final ObjectMapper json;
    private final PasswordEncoder passwords;
    private final Clock clock;
    private final Duration sessionTtl;
    private final Duration cacheTtl;
    private final SecureRandom random = new SecureRandom();
    private final String dummyHash;

    private volatile @Nullable Snapshot snapshot;

    private record Snapshot(SecurityState state, Instant readAt) {}

    /**
     * @param store where the state lives
     * @param json the mapper for the state document (must handle {@code java.time})
     * @param passwords the password hasher
     * @param clock the time source
     * @param sessionTtl lifetime of login tokens
     * @param cacheTtl how long a read snapshot is trusted for verification
     */
    public CredentialService(
            DocumentStore store,
            ObjectMapper json,
            PasswordEncoder passwords,
            Clock clock,
            Duration sessionTtl,
            Duration cacheTtl) {
        this.store = Objects.requireNonNull(store, "store");
        this.json = Objects.requireNonNull(json, "json");
        this.passwords = Objects.requireNonNull(passwords, "passwords");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.sessionTtl = Objects.requireNonNull(sessionTtl, "sessionTtl");
        this.cacheTtl = Objects.requireNonNull(cacheTtl, "cacheTtl");
        this.dummyHash = passwords.encode("timing-equaliser-" + random.nextLong());
    }

    // ---------------------------------------------------------------- reads

    /** The current state, read from the store (not the cache). */
    public SecurityState state() {
        return refresh();
    }

    /** Whether no user and no token exists yet (first start). */
    public boolean isEmpty() {
        SecurityState state = refresh();
        return state.users().isEmpty() && state.tokens().isEmpty();
    }

    /** All users, without their hashes. */
    public List<UserView> users() {
        return refresh().users().stream().map(UserView::of).toList();
    }

    /** All tokens, without salts and hashes. */
    public List<TokenView> tokens() {
        return refresh().tokens().stream().map(TokenView::of).toList();
    }

    /**
     * Checks a bearer token.
     *
     * @return the principal it stands for, or empty if it is malformed, unknown, expired or revoked
     */
    public Optional<ApiPrincipal> verifyToken(String bearer) {
        int separator = bearer.indexOf('_', TOKEN_PREFIX.length());
        if (!bearer.startsWith(TOKEN_PREFIX) || separator < 0) {
            return Optional.empty();
        }
        String id = bearer.substring(TOKEN_PREFIX.length(), separator);
        String secret = bearer.substring(separator + 1);
        Instant now = clock.instant();
        Optional<ApiToken> token = cached().token(id);
        if (token.isEmpty() && snapshotOlderThan(MISS_REFRESH)) {
            // a token created on another replica since our last read: look once more, at most once per interval
            token = refresh().token(id);
        }
        return token.filter(t -> t.isActive(now))
                .filter(t -> MessageDigest.isEqual(
                        Base64.getDecoder().decode(t.hash()),
                        hash(Base64.getDecoder().decode(t.salt()), secret)))
                .map(t -> new ApiPrincipal(t.subject(), t.role(), t.id()));
    }

    /**
     * Checks a password and issues a session token.
     *
     * @return the token (its secret is shown only here), or empty if the name or password is wrong
     */
    public Optional<IssuedToken> login(String username, String password) {
        Optional<UserAccount> user = refresh().user(username);
        // hash even for an unknown user so that the answer time does not tell which names exist
        String hash = user.map(UserAccount::passwordHash).orElse(dummyHash);
        boolean matches = passwords.matches(password, hash);
        if (user.isEmpty() || !matches) {
            return Optional.empty();
        }
        UserAccount account = user.get();
        return issue(
                "login",
                account.username(),
                account.role(),
                ApiToken.Kind.SESSION,
                clock.instant().plus(sessionTtl),
                false);
    }

    // ---------------------------------------------------------------- writes

    /**
     * Creates an API token.
     *
     * @param name a label, 1 to 64 characters
     * @param subject the user it acts for
     * @param role its role
     * @param ttl its lifetime, or {@code null} for no expiry
     * @return the token with its secret, shown only this once
     */
    public IssuedToken createToken(String name, String subject, Role role, @Nullable Duration ttl) {
        if (name.isBlank() || name.length() > 64) {
            throw new IllegalArgumentException("token name must be 1 to 64 characters, but was '" + name + "'");
        }
        if (ttl != null && (ttl.isNegative() || ttl.isZero())) {
            throw new IllegalArgumentException("token ttl must be positive, but was " + ttl);
        }
        return issue(
                        name,
                        subject,
                        role,
                        ApiToken.Kind.API,
                        ttl == null ? null : clock.instant().plus(ttl),
                        false)
                .orElseThrow();
    }

    /**
     * Creates an admin API token for {@code subject} only if no user and no token exist yet; the check and the write
     * are one compare-and-set, so of two replicas starting at once only one creates it. On a store whose reads lag
     * (Nacos, whose create is not atomic) it then reads the state again once the lag has passed (3 s, first start
     * only) and returns the token only if it is still stored.
     *
     * @return the token with its secret, or empty if credentials already existed
     */
    public Optional<IssuedToken> createFirstAdminToken(String name, String subject) {
        Optional<IssuedToken> issued = issue(name, subject, Role.ADMIN, ApiToken.Kind.API, null, true);
        if (issued.isEmpty() || store.readLag().isZero()) {
            return issued;
        }
        // A lagging store (Nacos) checks and inserts a create in two steps: two replicas starting together can both
        // create the document, and the later write replaces the earlier one. Only a token still stored once the lag
        // has passed works; the replica whose token was replaced must not print it.
        String id = issued.get().token().id();
        if (store.readWithinLag(this::refresh, state -> false).token(id).isPresent()) {
            return issued;
        }
        log.info(
                "Another replica created the first admin token in {} at the same moment and its write replaced this"
                        + " one's; that replica prints the token",
                store.describe());
        return Optional.empty();
    }

    /**
     * Revokes a token; revoking a revoked token changes nothing.
     *
     * @return the token before and after, or empty if no token has this id
     */
    public Optional<Change<TokenView>> revokeToken(String id) {
        Instant now = clock.instant();
        List<Change<TokenView>> change = new ArrayList<>(1);
        update(state -> {
            change.clear();
            Optional<ApiToken> token = state.token(id);
            if (token.isEmpty() || token.get().revokedAt() != null) {
                token.ifPresent(t -> change.add(new Change<>(TokenView.of(t), TokenView.of(t))));
                return state;
            }
            ApiToken revoked = token.get().revoke(now);
            change.add(new Change<>(TokenView.of(token.get()), TokenView.of(revoked)));
            List<ApiToken> tokens = state.tokens().stream()
                    .map(t -> t.id().equals(id) ? revoked : t)
                    .toList();
            return new SecurityState(state.users(), tokens);
        });
        return change.stream().findFirst();
    }

    /**
     * Creates a user.
     *
     * @throws IllegalArgumentException if the name is taken or the password too short
     */
    public UserView createUser(String username, String password, Role role) {
        if (password.length() < MIN_PASSWORD_LENGTH) {
            throw new IllegalArgumentException("password of user '" + username + "' must have at least "
                    + MIN_PASSWORD_LENGTH + " characters, but has " + password.length());
        }
        UserAccount account = new UserAccount(username, passwords.encode(password), role, clock.instant());
        update(state -> {
            if (state.user(username).isPresent()) {
                throw new IllegalArgumentException(
                        "user '" + username + "' already exists; pick another name or delete it first");
            }
            List<UserAccount> users = new ArrayList<>(state.users());
            users.add(account);
            return new SecurityState(users, state.tokens());
        });
        return UserView.of(account);
    }

    /**
     * Deletes a user and revokes its tokens.
     *
     * @return the user as it was, or empty if there is none with this name
     */
    public Optional<UserView> deleteUser(String username) {
        Instant now = clock.instant();
        List<UserView> removed = new ArrayList<>(1);
        update(state -> {
            removed.clear();
            Optional<UserAccount> user = state.user(username);
            if (user.isEmpty()) {
                return state;
            }
            removed.add(UserView.of(user.get()));
            List<UserAccount> users = state.users().stream()
                    .filter(u -> !u.username().equals(username))
                    .toList();
            List<ApiToken> tokens = state.tokens().stream()
                    .map(t -> t.subject().equals(username) && t.revokedAt() == null ? t.revoke(now) : t)
                    .toList();
            return new SecurityState(users, tokens);
        });
        return removed.stream().findFirst();
    }

    private Optional<IssuedToken> issue(
            String name,
            String subject,
            Role role,
            ApiToken.Kind kind,
            @Nullable Instant expires,
            boolean onlyIfEmpty) {
        byte[] idBytes = new byte[6];
        byte[] secretBytes = new byte[32];
        byte[] salt = new byte[16];
        random.nextBytes(idBytes);
        random.nextBytes(secretBytes);
        random.nextBytes(salt);
        String id = HexFormat.of().formatHex(idBytes);
        String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(secretBytes);
        Instant now = clock.instant();
        ApiToken token = new ApiToken(
                id,
                name,
                subject,
                role,
                kind,
                Base64.getEncoder().encodeToString(salt),
                Base64.getEncoder().encodeToString(hash(salt, secret)),
                now,
                expires,
                null);
        SecurityState written = update(state -> {
            if (onlyIfEmpty && !(state.users().isEmpty() && state.tokens().isEmpty())) {
                return state;
            }
            List<ApiToken> tokens = new ArrayList<>(state.tokens().size() + 1);
            // expired session tokens are dropped as new ones are issued, so the document stays small
            state.tokens().stream()
                    .filter(t -> t.kind() == ApiToken.Kind.API || t.isActive(now))
                    .forEach(tokens::add);
            tokens.add(token);
            return new SecurityState(state.users(), tokens);
        });
        if (written.token(id).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new IssuedToken(TokenView.of(token), TOKEN_PREFIX + id + "_" + secret));
    }

    /** Compare-and-set loop: read, apply, write if unchanged since the read, else re-read and apply again. */
    private SecurityState update(UnaryOperator<SecurityState> change) {
        for (int attempt = 1; attempt <= MAX_CAS_ATTEMPTS; attempt++) {
            Optional<Document> current = store.read(KEY);
            SecurityState before = current.map(v -> decode(v.content())).orElse(SecurityState.EMPTY);
            SecurityState after = change.apply(before);
            if (after.equals(before)) {
                snapshot = new Snapshot(before, clock.instant());
                return before;
            }
            if (store.compareAndSet(
                    KEY, encode(after), current.map(Document::ticket).orElse(null))) {
                snapshot = new Snapshot(after, clock.instant());
                return after;
            }
            log.debug("Security state changed concurrently (attempt {}), re-reading", attempt);
        }
        throw new IllegalStateException("Could not update the security state in " + store.describe() + " after "
                + MAX_CAS_ATTEMPTS + " attempts: too many concurrent writers; retry the request");
    }

    private SecurityState refresh() {
        SecurityState state = store.read(KEY).map(v -> decode(v.content())).orElse(SecurityState.EMPTY);
        snapshot = new Snapshot(state, clock.instant());
        return state;
    }

    private boolean snapshotOlderThan(Duration age) {
        Snapshot current = snapshot;
        return current == null || current.readAt().plus(age).isBefore(clock.instant());
    }

    private SecurityState cached() {
        Snapshot current = snapshot;
        if (current == null || current.readAt().plus(cacheTtl).isBefore(clock.instant())) {
            return refresh();
        }
        return current.state();
    }

    private SecurityState decode(String content) {
        try {
            return json.readValue(content, SecurityState.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(
                    "The security state in " + store.describe() + " under " + KEY + " is not valid JSON ("
                            + e.getOriginalMessage() + "); restore it from a backup",
                    e);
        }
    }

    private String encode(SecurityState state) {
        try {
            return json.writeValueAsString(state);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialise the security state", e);
        }
    }

    private static byte[] hash(byte[] salt, String secret) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(salt);
            return digest.digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java runtime", e);
        }
    }

    /**
     * A value before and after a change, for the audit log.
     *
     * @param before the value before
     * @param after the value after
     * @param <T> the value type
     */
    public record Change<T>(T before, T after) {}
}
