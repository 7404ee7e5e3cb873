package io.dubboai.samples.quickstart;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's quickstart, bounded: the real server jar, two providers and a consumer as separate JVMs on loopback.
 * Both versions serve; moving the {@code champion} alias through the REST API moves its traffic; every process is
 * gone afterwards.
 */
final class QuickstartSmokeTest {

    @TempDir
    Path dataDir;

    @Test
    void smoke_championAliasMoved_trafficFollowsAndEverythingStops() throws Exception {
        Path serverJar = Path.of(System.getProperty("quickstart.serverJar", "missing"));
        assertThat(Files.isRegularFile(serverJar))
                .as("the server jar %s (built by the reactor before this module)", serverJar)
                .isTrue();

        List<ChildProcess> children;
        Quickstart.SmokeResult result;
        try (Quickstart quickstart = new Quickstart(serverJar, dataDir)) {
            result = quickstart.smoke();
            children = quickstart.children();
        }

        assertThat(result.before().served("champion", "1"))
                .as("champion on v1 before")
                .isPositive();
        assertThat(result.before().served("challenger", "2"))
                .as("challenger on v2 before")
                .isPositive();
        assertThat(result.followed())
                .as("traffic followed the alias: %s", result)
                .isTrue();
        assertThat(result.after().served("champion", "2"))
                .as("champion on v2 after")
                .isPositive();
        assertThat(result.after().served("champion", "1"))
                .as("champion on v1 after")
                .isZero();
        assertThat(result.after().errors()).as("failed calls after the move").isZero();
        assertThat(children).hasSize(4).noneMatch(ChildProcess::isAlive);
    }
}
