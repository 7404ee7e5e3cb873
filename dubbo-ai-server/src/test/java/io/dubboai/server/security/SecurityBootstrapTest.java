package io.dubboai.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.dubboai.controlplane.store.FileDocumentStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
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

    private CredentialService credentials() {
        return new CredentialService(
                new FileDocumentStore(dir),
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
