package io.dubboai.samples.quickstart;

import static org.assertj.core.api.Assertions.assertThat;

import io.dubboai.controlplane.testing.NacosServer;
import io.dubboai.samples.consumer.ServedReport.Mode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's quickstart, bounded: the real server jar, two providers and a consumer as separate JVMs on loopback,
 * on embedded defaults and in universal mode on a real Nacos 2.5.1 ({@link NacosServer}, started from shared/nacos).
 * Both versions serve; pinned calls stay on their version and sticky keys on theirs; moving the {@code champion}
 * alias through the REST API moves its traffic and nothing else; every process stops on SIGTERM, in order, without
 * being killed.
 */
final class QuickstartSmokeTest {

    @TempDir
    Path dataDir;

    @Test
    void smoke_embedded_championAliasMoved_trafficFollowsAndEverythingStops() throws Exception {
        assertSmoke(Backend.EMBEDDED);
    }

    @Test
    void smoke_universalOnNacos_championAliasMoved_trafficFollowsAndEverythingStops() throws Exception {
        assertSmoke(Backend.nacos(NacosServer.shared().address()));
    }

    private void assertSmoke(Backend backend) throws Exception {
        Path serverJar = Path.of(System.getProperty("quickstart.serverJar", "missing"));
        assertThat(Files.isRegularFile(serverJar))
                .as("the server jar %s (built by the reactor before this module)", serverJar)
                .isTrue();

        List<ChildProcess> children;
        Quickstart.SmokeResult result;
        String decision;
        try (Quickstart quickstart = new Quickstart(serverJar, dataDir, backend)) {
            result = quickstart.smoke();
            decision = quickstart.experiment();
            children = quickstart.children();
        }

        Traffic before = result.before();
        Traffic after = result.after();
        assertThat(before.served("champion", "1")).as("champion on v1 before").isPositive();
        assertThat(before.served("challenger", "2"))
                .as("challenger on v2 before")
                .isPositive();
        assertThat(decision)
                .as("the experiment between versions 1 and 2 reached a decision")
                .isEqualTo("PROMOTE");
        assertThat(result.aiTab()).as("the server serves the AI tab at /ai/").isTrue();
        assertThat(result.metrics())
                .as("each provider's /metrics counts its own version's requests")
                .isTrue();
        assertThat(result.followed())
                .as("traffic followed the alias: %s", result)
                .isTrue();
        assertThat(after.served("champion", "2")).as("champion on v2 after").isPositive();
        assertThat(after.served("champion", "1")).as("champion on v1 after").isZero();
        assertThat(after.versions(Mode.ALIAS, "challenger"))
                .as("challenger after")
                .containsExactly("2");
        assertThat(after.errors()).as("failed calls after the move").isZero();
        for (String version : Quickstart.PINNED) {
            assertThat(before.versions(Mode.PINNED, version))
                    .as("calls pinned to %s before", version)
                    .containsExactly(version);
            assertThat(after.versions(Mode.PINNED, version))
                    .as("calls pinned to %s after", version)
                    .containsExactly(version);
        }
        // the split did not change, so no sticky key may change version when an alias moves
        for (String key : Quickstart.STICKY_KEYS) {
            Set<String> versionBefore = before.versions(Mode.STICKY, key);
            assertThat(versionBefore).as("versions serving sticky key %s", key).hasSize(1);
            assertThat(after.versions(Mode.STICKY, key))
                    .as("versions serving sticky key %s after the move", key)
                    .isEqualTo(versionBefore);
        }
        assertThat(before.versions(Mode.WEIGHTED, ""))
                .as("versions of the split")
                .isSubsetOf("1", "2");
        assertThat(result.canary()).as("the canary of version 2").isNotNull();
        assertThat(result.canary().phase()).as("canary %s", result.canary()).isEqualTo("SUCCEEDED");
        assertThat(result.canary().splits()).last().isEqualTo("1: 0 %, 2: 100 %");
        assertThat(result.canary().shadowed())
                .as("the canary's shadow step, in its history")
                .isTrue();
        assertThat(result.servingSeen())
                .as("the registry's readiness view, subscribed before the providers started, sees both versions")
                .isTrue();
        assertThat(children)
                .extracting(ChildProcess::name)
                .containsExactly("server", "provider-v1", "provider-v2", "consumer");
        assertThat(children).noneMatch(ChildProcess::isAlive);
        assertThat(children)
                .as("children that had to be killed: each should stop on SIGTERM, the server last")
                .noneMatch(ChildProcess::wasKilled);
    }
}
