package io.dubboai.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.dubboai.controlplane.store.Document;
import io.dubboai.controlplane.store.DocumentStore;
import io.dubboai.controlplane.store.FileDocumentStore;
import io.dubboai.controlplane.testing.Concurrently;
import io.dubboai.controlplane.testing.ForwardingDocumentStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;

@ExtendWith(OutputCaptureExtension.class)
class SecurityBootstrapTest {

    @TempDir
    Path dir;

    @Test
    void firstStartShouldPrintOneAdminTokenOnceAndStoreOnlyItsHash(CapturedOutput output) throws Exception {
        CredentialService credentials = credentials();
        Optional<IssuedToken> created = new SecurityBootstrap(credentials).bootstrap();

        assertThat(created).isPresent();
        String secret = created.get().secret();
        assertThat(output.getAll()).contains("Authorization: Bearer " + secret);
        assertThat(credentials.verifyToken(secret)).map(ApiPrincipal::role).hasValue(Role.ADMIN);
        String stored = Files.readString(dir.resolve(CredentialService.KEY + ".json"));
        assertThat(stored).doesNotContain(secret.substring(secret.indexOf('_') + 1));
        assertThat(created.get().toString()).doesNotContain(secret);

        // a restart on the same store creates and prints nothing
        Optional<IssuedToken> again = new SecurityBootstrap(credentials()).bootstrap();
        assertThat(again).isEmpty();
        assertThat(output.getAll().split("Authorization: Bearer ", -1)).hasSize(2);
    }

    @Test
    void storeWithAUserShouldNotGetABootstrapToken() {
        CredentialService credentials = credentials();
        credentials.createUser("ops", "a-long-enough-password", Role.ADMIN);
        assertThat(new SecurityBootstrap(credentials).bootstrap()).isEmpty();
        assertThat(credentials.tokens()).isEmpty();
    }

    @Test
    void twoReplicasStartingTogetherOnAStoreWhoseCreateBothWin_printOnlyTheTokenThatWasKept(CapturedOutput output)
            throws Exception {
        // Nacos checks and inserts a create in two steps: two creators a few milliseconds apart both succeed and the
        // later write stays. This store lets both replicas read "no state yet" before either writes, then does the
        // same.
        CountDownLatch bothReadEmpty = new CountDownLatch(2);
        DocumentStore racy = new ForwardingDocumentStore(new FileDocumentStore(dir)) {
            @Override
            public Optional<Document> read(String key) {
                Optional<Document> read = delegate.read(key);
                if (read.isEmpty() && bothReadEmpty.getCount() > 0) {
                    bothReadEmpty.countDown();
                    await(bothReadEmpty);
                }
                return read;
            }

            @Override
            public boolean create(String key, String content) {
                return delegate.read(key)
                        .map(existing -> delegate.replace(key, content, existing.ticket()))
                        .orElseGet(() -> delegate.create(key, content));
            }

            @Override
            public Duration readLag() {
                return Duration.ofMillis(300);
            }
        };

        List<Optional<IssuedToken>> created = Concurrently.runTogether(List.of(
                () -> new SecurityBootstrap(credentials(racy)).bootstrap(),
                () -> new SecurityBootstrap(credentials(racy)).bootstrap()));

        List<IssuedToken> printed = created.stream().flatMap(Optional::stream).toList();
        assertThat(printed).as("tokens printed by the two replicas").hasSize(1);
        assertThat(credentials(racy).verifyToken(printed.get(0).secret()))
                .as("the printed token works")
                .map(ApiPrincipal::role)
                .hasValue(Role.ADMIN);
        assertThat(output.getAll().split("Authorization: Bearer ", -1))
                .as("tokens in the log")
                .hasSize(2);
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(30, TimeUnit.SECONDS))
                    .as("both replicas read")
                    .isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private CredentialService credentials() {
        return credentials(new FileDocumentStore(dir));
    }

    private CredentialService credentials(DocumentStore store) {
        return new CredentialService(
                store,
                JsonMapper.builder()
                        .addModule(new JavaTimeModule())
                        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                        .build(),
                PasswordEncoderFactories.createDelegatingPasswordEncoder(),
                Clock.systemUTC(),
                Duration.ofHours(1),
                Duration.ofSeconds(5));
    }
}
