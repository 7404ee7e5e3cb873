package io.dubboai.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dubboai.controlplane.testing.MutableClock;
import io.dubboai.server.audit.AuditEntry;
import io.dubboai.server.audit.AuditLog;
import io.dubboai.server.config.ServerModeInitializer;
import io.dubboai.server.plugin.PluginClassLoaderInitializer;
import io.dubboai.server.security.CredentialService;
import io.dubboai.server.security.Role;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The login's brute-force protection over real HTTP (embedded mode, file store), with a hand-moved clock: 3 failures
 * per user name and address and 8 per address within 10 minutes, then 5 minutes refused. Requests come from
 * 127.0.0.1, or from the client a test names in {@code X-Forwarded-For} (the server trusts it from loopback, as Spring
 * Boot does behind a proxy with {@code server.forward-headers-strategy=native}); each test starts by moving the clock
 * past every window and lock-out, and uses its own user names.
 */
@SpringBootTest(
        classes = DubboAiServerApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "dubbo.ai.server.embedded.zookeeper-port=0",
            "dubbo.ai.server.security.login-limit.max-failures-per-user=3",
            "dubbo.ai.server.security.login-limit.max-failures-per-address=8",
            "dubbo.ai.server.security.login-limit.window=10m",
            "dubbo.ai.server.security.login-limit.lockout=5m",
            "server.forward-headers-strategy=native"
        })
@ContextConfiguration(initializers = {PluginClassLoaderInitializer.class, ServerModeInitializer.class})
@Import(LoginRateLimitTest.TestClock.class)
class LoginRateLimitTest {

    private static final Path DATA_DIR = ServerTestDirs.create("dubbo-ai-login-limit");
    private static final String PASSWORD = "a-very-long-password-1";
    private static final AtomicLong NAMES = new AtomicLong();

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        ServerTestDirs.register(registry, DATA_DIR);
    }

    /** The hand-moved clock and a password encoder that counts its checks. */
    @TestConfiguration(proxyBeanMethods = false)
    static class TestClock {
        @Bean
        @Primary
        MutableClock testClock() {
            return new MutableClock();
        }

        @Bean
        @Primary
        CountingPasswordEncoder countingPasswordEncoder() {
            return new CountingPasswordEncoder(PasswordEncoderFactories.createDelegatingPasswordEncoder());
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    CredentialService credentials;

    @Autowired
    MutableClock clock;

    @Autowired
    CountingPasswordEncoder encoder;

    @Autowired
    AuditLog auditLog;

    private final ObjectMapper json = new ObjectMapper();
    private ApiClient api;

    @BeforeEach
    void freshWindow() {
        api = new ApiClient(port);
        clock.advance(Duration.ofHours(1)); // past every window and lock-out of earlier tests
    }

    @Test
    void loginAfterMaxFailuresShouldBe429WithRetryAfterEvenForTheRightPassword() throws Exception {
        String bob = user();
        for (int i = 0; i < 3; i++) {
            assertThat(login(bob, "wrong-password-" + i).status()).isEqualTo(401);
        }
        int checksBefore = encoder.matches.get();
        long auditBefore = auditTotal();

        ApiClient.Reply refused = login(bob, PASSWORD);

        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.raw().headers().firstValue("Retry-After")).hasValue("300");
        assertThat(refused.raw().headers().firstValue("Content-Type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
        JsonNode problem = json.readTree(refused.body());
        assertThat(problem.get("status").asInt()).isEqualTo(429);
        assertThat(problem.get("detail").asText())
                .contains("Too many failed login attempts")
                .contains("try again after " + clock.instant().plus(Duration.ofMinutes(5)));
        assertThat(problem.get("retryAt").asText())
                .isEqualTo(clock.instant().plus(Duration.ofMinutes(5)).toString());
        assertThat(problem.get("retryAfterSeconds").asLong()).isEqualTo(300);
        // refused before any password check, and not written to the audit log
        assertThat(encoder.matches.get()).isEqualTo(checksBefore);
        assertThat(auditTotal()).isEqualTo(auditBefore);
    }

    @Test
    void lockOutShouldBeAuditedOnceWithItsEnd() throws Exception {
        String bob = user();
        login(bob, "wrong-password-1");
        login(bob, "wrong-password-2");
        Instant until = clock.instant().plus(Duration.ofMinutes(5));

        assertThat(login(bob, "wrong-password-3").status()).isEqualTo(401);

        AuditEntry entry = auditLog.page(0, 1).entries().get(0);
        assertThat(entry.actor()).isEqualTo(bob);
        assertThat(entry.action()).isEqualTo("POST /api/v1/auth/login");
        assertThat(entry.status()).isEqualTo(401);
        JsonNode after = json.readTree(entry.after());
        assertThat(after.get("result").asText()).isEqualTo("refused");
        assertThat(after.get("locked").get(0).get("scope").asText()).isEqualTo("user");
        assertThat(after.get("locked").get(0).get("key").asText()).isEqualTo("user:" + bob + "@127.0.0.1");
        assertThat(after.get("locked").get(0).get("user").asText()).isEqualTo(bob);
        assertThat(after.get("locked").get(0).get("address").asText()).isEqualTo("127.0.0.1");
        assertThat(after.get("locked").get(0).get("until").asText()).isEqualTo(until.toString());
        assertThat(entry.after()).doesNotContain("wrong-password");
    }

    @Test
    void unknownUserShouldBeLockedAndAnsweredExactlyLikeAnExistingOne() {
        String bob = user();
        String ghost = "ghost-" + NAMES.incrementAndGet();
        for (int i = 0; i < 3; i++) {
            assertThat(login(bob, "wrong-password-" + i).status()).isEqualTo(401);
            assertThat(login(ghost, "wrong-password-" + i).status()).isEqualTo(401);
        }

        ApiClient.Reply existing = login(bob, PASSWORD);
        ApiClient.Reply unknown = login(ghost, PASSWORD);

        assertThat(unknown.status()).isEqualTo(existing.status()).isEqualTo(429);
        assertThat(unknown.body()).isEqualTo(existing.body());
        assertThat(unknown.raw().headers().firstValue("Retry-After"))
                .isEqualTo(existing.raw().headers().firstValue("Retry-After"));
    }

    @Test
    void lockedUserShouldNotAffectAnotherUser() {
        String bob = user();
        String carol = user();
        for (int i = 0; i < 3; i++) {
            login(bob, "wrong-password-" + i);
        }
        assertThat(login(bob, PASSWORD).status()).isEqualTo(429);

        assertThat(login(carol, PASSWORD).status()).isEqualTo(200);
        assertThat(login(carol, "wrong-password-x").status()).isEqualTo(401);
    }

    @Test
    void successShouldResetTheUsersCounter() {
        String bob = user();
        login(bob, "wrong-password-1");
        login(bob, "wrong-password-2");
        assertThat(login(bob, PASSWORD).status()).isEqualTo(200);

        // three fresh failures are allowed again; the fourth attempt is refused
        for (int i = 0; i < 3; i++) {
            assertThat(login(bob, "wrong-password-" + i).status()).isEqualTo(401);
        }
        assertThat(login(bob, PASSWORD).status()).isEqualTo(429);
    }

    @Test
    void lockOutShouldEndAfterItsDurationWithoutSleeping() {
        String bob = user();
        for (int i = 0; i < 3; i++) {
            login(bob, "wrong-password-" + i);
        }
        clock.advance(Duration.ofMinutes(5).minusSeconds(1));
        ApiClient.Reply stillLocked = login(bob, PASSWORD);
        assertThat(stillLocked.status()).isEqualTo(429);
        assertThat(stillLocked.raw().headers().firstValue("Retry-After")).hasValue("1");

        clock.advance(Duration.ofSeconds(1));
        assertThat(login(bob, PASSWORD).status()).isEqualTo(200);
    }

    @Test
    void failuresOlderThanTheWindowShouldNotCount() {
        String bob = user();
        login(bob, "wrong-password-1");
        login(bob, "wrong-password-2");
        clock.advance(Duration.ofMinutes(10));

        // the window of the first two failures has ended: three new ones are allowed before the lock
        for (int i = 0; i < 3; i++) {
            assertThat(login(bob, "wrong-password-" + i).status()).isEqualTo(401);
        }
        assertThat(login(bob, PASSWORD).status()).isEqualTo(429);
    }

    @Test
    void addressWithTooManyFailuresShouldBeLockedForEveryUserName() {
        String carol = user();
        // eight failures spread over names that never reach their own limit
        for (int i = 0; i < 8; i++) {
            assertThat(login("spray-" + NAMES.incrementAndGet(), "wrong-password-1")
                            .status())
                    .isEqualTo(401);
        }
        int checksBefore = encoder.matches.get();

        ApiClient.Reply refused = login(carol, PASSWORD);

        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.raw().headers().firstValue("Retry-After")).hasValue("300");
        assertThat(encoder.matches.get()).isEqualTo(checksBefore);
        clock.advance(Duration.ofMinutes(5));
        assertThat(login(carol, PASSWORD).status()).isEqualTo(200);
    }

    @Test
    void failuresFromOneAddressShouldNotLockTheUserOutElsewhere() {
        String admin = user();
        for (int i = 0; i < 3; i++) {
            assertThat(loginFrom("203.0.113.66", admin, "guess-" + i).status()).isEqualTo(401);
        }
        assertThat(loginFrom("203.0.113.66", admin, PASSWORD).status()).isEqualTo(429);

        // the real admin, at another address, is not locked out by the attacker
        assertThat(loginFrom("198.51.100.7", admin, PASSWORD).status()).isEqualTo(200);
        // and the attacker's address stays locked for that name
        assertThat(loginFrom("203.0.113.66", admin, PASSWORD).status()).isEqualTo(429);
    }

    @Test
    void adminShouldListAndUnlockALockOutAndTheUnlockShouldBeAudited() throws Exception {
        String bob = user();
        for (int i = 0; i < 3; i++) {
            loginFrom("203.0.113.9", bob, "wrong-password-" + i);
        }
        assertThat(loginFrom("203.0.113.9", bob, PASSWORD).status()).isEqualTo(429);
        String admin = credentials
                .createToken("lockout-admin-" + NAMES.incrementAndGet(), "root", Role.ADMIN, null)
                .secret();
        String viewer = credentials
                .createToken("lockout-viewer-" + NAMES.incrementAndGet(), "victor", Role.VIEWER, null)
                .secret();

        JsonNode listed = json.readTree(api.get("/api/v1/auth/lockouts", admin).body());
        assertThat(listed.findValuesAsText("user")).contains(bob);
        assertThat(api.get("/api/v1/auth/lockouts", viewer).status()).isEqualTo(403);
        assertThat(api.delete("/api/v1/auth/lockouts?user=" + bob + "&address=203.0.113.9", viewer)
                        .status())
                .isEqualTo(403);

        ApiClient.Reply unlocked = api.delete("/api/v1/auth/lockouts?user=" + bob + "&address=203.0.113.9", admin);

        assertThat(unlocked.status()).isEqualTo(200);
        JsonNode removed = json.readTree(unlocked.body()).get(0);
        assertThat(removed.get("user").asText()).isEqualTo(bob);
        assertThat(removed.get("address").asText()).isEqualTo("203.0.113.9");
        assertThat(removed.get("failures").asInt()).isEqualTo(3);
        assertThat(loginFrom("203.0.113.9", bob, PASSWORD).status()).isEqualTo(200);
        AuditEntry entry = auditLog.page(0, 5).entries().stream()
                .filter(e -> e.action().startsWith("DELETE /api/v1/auth/lockouts"))
                .findFirst()
                .orElseThrow();
        assertThat(entry.actor()).isEqualTo("root");
        assertThat(entry.target()).isEqualTo("lockout:user '" + bob + "' from address 203.0.113.9");
        assertThat(entry.before()).contains(bob, "203.0.113.9");
        assertThat(entry.status()).isEqualTo(200);

        // bad input and nothing to unlock get problem details that say what to do
        ApiClient.Reply noKey = api.delete("/api/v1/auth/lockouts", admin);
        assertThat(noKey.status()).isEqualTo(400);
        assertThat(json.readTree(noKey.body()).get("detail").asText()).contains("give user, address or both");
        ApiClient.Reply nothing = api.delete("/api/v1/auth/lockouts?user=" + bob + "&address=203.0.113.9", admin);
        assertThat(nothing.status()).isEqualTo(404);
        assertThat(json.readTree(nothing.body()).get("detail").asText()).contains("GET /api/v1/auth/lockouts");
    }

    @Test
    void successfulLoginsShouldNotUseUpTheAddressLimit() {
        String carol = user();
        for (int i = 0; i < 20; i++) {
            assertThat(login(carol, PASSWORD).status()).isEqualTo(200);
        }
    }

    private ApiClient.Reply login(String username, String password) {
        return api.post(
                "/api/v1/auth/login", null, "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}");
    }

    private ApiClient.Reply loginFrom(String address, String username, String password) {
        return api.postFrom(
                address,
                "/api/v1/auth/login",
                null,
                "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}");
    }

    private String user() {
        String name = "user-" + NAMES.incrementAndGet();
        credentials.createUser(name, PASSWORD, Role.VIEWER);
        return name;
    }

    private long auditTotal() {
        return auditLog.page(0, 1).total();
    }

    /** Counts password checks, to show that refused attempts run none. */
    static final class CountingPasswordEncoder implements PasswordEncoder {
        final AtomicInteger matches = new AtomicInteger();
        private final PasswordEncoder delegate;

        CountingPasswordEncoder(PasswordEncoder delegate) {
            this.delegate = delegate;
        }

        @Override
        public String encode(CharSequence rawPassword) {
            return delegate.encode(rawPassword);
        }

        @Override
        public boolean matches(CharSequence rawPassword, String encodedPassword) {
            matches.incrementAndGet();
            return delegate.matches(rawPassword, encodedPassword);
        }
    }
}
