package io.dubboai.server.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.dubboai.controlplane.store.ConfigCenterDocumentStore;
import io.dubboai.controlplane.store.DocumentStore;
import io.dubboai.controlplane.store.FileDocumentStore;
import io.dubboai.controlplane.testing.MutableClock;
import io.dubboai.controlplane.zookeeper.EmbeddedZooKeeper;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;

class CredentialServiceTest {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();
    private static final PasswordEncoder PASSWORDS = PasswordEncoderFactories.createDelegatingPasswordEncoder();

    @TempDir
    Path dir;

    @Test
    void expiredTokenShouldBeRefused() {
        MutableClock clock = new MutableClock();
        CredentialService credentials = service(new FileDocumentStore(dir), clock);
        IssuedToken token = credentials.createToken("short", "ci", Role.OPERATOR, Duration.ofMinutes(10));
        assertThat(credentials.verifyToken(token.secret())).isPresent();
        clock.advance(Duration.ofMinutes(10));
        assertThat(credentials.verifyToken(token.secret())).isEmpty();
    }

    @Test
    void tamperedOrMalformedTokensShouldBeRefused() {
        CredentialService credentials = service(new FileDocumentStore(dir), new MutableClock());
        IssuedToken token = credentials.createToken("t", "ci", Role.VIEWER, null);
        String secret = token.secret();
        assertThat(credentials.verifyToken(secret.substring(0, secret.length() - 1) + "x"))
                .isEmpty();
        assertThat(credentials.verifyToken("dai_")).isEmpty();
        assertThat(credentials.verifyToken("not-a-token")).isEmpty();
        assertThat(credentials.verifyToken(secret)).map(ApiPrincipal::name).hasValue("ci");
    }

    @Test
    void sessionTokenShouldExpireAfterTheSessionLifetime() {
        MutableClock clock = new MutableClock();
        CredentialService credentials = service(new FileDocumentStore(dir), clock);
        credentials.createUser("ana", "correct-horse-battery", Role.OPERATOR);
        IssuedToken session = credentials.login("ana", "correct-horse-battery").orElseThrow();
        assertThat(session.token().kind()).isEqualTo(ApiToken.Kind.SESSION);
        assertThat(credentials.verifyToken(session.secret()))
                .map(ApiPrincipal::role)
                .hasValue(Role.OPERATOR);
        clock.advance(Duration.ofHours(1));
        assertThat(credentials.verifyToken(session.secret())).isEmpty();
    }

    @Test
    void passwordsShouldBeStoredAsBcryptAndShortOnesRefused() {
        CredentialService credentials = service(new FileDocumentStore(dir), new MutableClock());
        credentials.createUser("ana", "correct-horse-battery", Role.VIEWER);
        assertThat(credentials.state().user("ana").orElseThrow().passwordHash()).startsWith("{bcrypt}$2");
        assertThatThrownBy(() -> credentials.createUser("bo", "short", Role.VIEWER))
                .hasMessageContaining("at least 12 characters, but has 5");
        assertThatThrownBy(() -> credentials.createUser("ana", "another-long-password", Role.VIEWER))
                .hasMessageContaining("user 'ana' already exists");
    }

    @Test
    void deletingAUserShouldRevokeItsTokens() {
        CredentialService credentials = service(new FileDocumentStore(dir), new MutableClock());
        credentials.createUser("ana", "correct-horse-battery", Role.OPERATOR);
        IssuedToken token = credentials.createToken("ana-ci", "ana", Role.OPERATOR, null);
        assertThat(credentials.deleteUser("ana")).isPresent();
        assertThat(credentials.verifyToken(token.secret())).isEmpty();
    }

    @Test
    void tokensCreatedOnTwoReplicasAtOnceShouldAllSurviveAndRevocationShouldReachTheOther() throws Exception {
        MutableClock clock = new MutableClock();
        try (EmbeddedZooKeeper zk = EmbeddedZooKeeper.start(dir.resolve("zk"), 0);
                DocumentStore storeA = ConfigCenterDocumentStore.open(zk.dubboAddress(), "creds");
                DocumentStore storeB = ConfigCenterDocumentStore.open(zk.dubboAddress(), "creds")) {
            CredentialService replicaA = service(storeA, clock);
            CredentialService replicaB = service(storeB, clock);
            ExecutorService pool = Executors.newFixedThreadPool(2);
            List<IssuedToken> issued = new ArrayList<>();
            try {
                List<CompletableFuture<List<IssuedToken>>> writers = new ArrayList<>();
                for (CredentialService replica : List.of(replicaA, replicaB)) {
                    writers.add(CompletableFuture.supplyAsync(
                            () -> {
                                List<IssuedToken> mine = new ArrayList<>();
                                for (int i = 0; i < 25; i++) {
                                    mine.add(replica.createToken("t" + i, "ci", Role.VIEWER, null));
                                }
                                return mine;
                            },
                            pool));
                }
                for (CompletableFuture<List<IssuedToken>> writer : writers) {
                    issued.addAll(writer.get());
                }
            } finally {
                pool.shutdownNow();
            }
            assertThat(replicaA.tokens()).hasSize(50);
            // B's cached copy may predate A's last tokens; an unknown id makes it re-read once the copy is 1 s old
            clock.advance(Duration.ofSeconds(2));
            for (IssuedToken token : issued) {
                assertThat(replicaB.verifyToken(token.secret()))
                        .as(token.token().id())
                        .isPresent();
            }
            // revoked on A: B, holding a cached copy, refuses it once its cache expired
            IssuedToken victim = issued.get(0);
            replicaA.revokeToken(victim.token().id());
            assertThat(replicaA.verifyToken(victim.secret())).isEmpty();
            clock.advance(Duration.ofSeconds(6));
            assertThat(replicaB.verifyToken(victim.secret())).isEmpty();
        }
    }

    private static CredentialService service(DocumentStore store, Clock clock) {
        return new CredentialService(store, JSON, PASSWORDS, clock, Duration.ofHours(1), Duration.ofSeconds(5));
    }
}
