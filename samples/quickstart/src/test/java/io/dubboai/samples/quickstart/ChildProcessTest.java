package io.dubboai.samples.quickstart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class ChildProcessTest {

    @TempDir
    Path logDir;

    @Test
    void stop_afterTerminalSigint_childIgnoredItAndStopsOnSigtermWithItsShutdownHooks() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/bin/kill")), "needs /bin/kill to send SIGINT");
        ChildProcess child = ChildProcess.start(
                "sleeper",
                List.of(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        SleepingChild.class.getName()),
                logDir,
                line -> false);
        try {
            child.await(Pattern.compile("(READY)")).get(60, TimeUnit.SECONDS);
            CompletableFuture<String> hook = child.await(Pattern.compile("(SHUTDOWN HOOK RAN)"));

            // what a Ctrl-C does to every process of the terminal's foreground group
            Process sigint = new ProcessBuilder("/bin/kill", "-INT", String.valueOf(child.pid())).start();
            assertThat(sigint.waitFor()).as("kill -INT exit code").isZero();
            child.stop(Duration.ofSeconds(60));

            assertThat(hook.get(60, TimeUnit.SECONDS)).isEqualTo("SHUTDOWN HOOK RAN");
            // 128 + 15: SIGTERM ended the JVM; had it acted on SIGINT, it would have exited with 130
            assertThat(child.onExit().get(60, TimeUnit.SECONDS).exitValue()).isEqualTo(143);
            assertThat(child.wasKilled()).isFalse();
            assertThat(Files.readAllLines(logDir.resolve("sleeper.log"))).containsExactly("READY", "SHUTDOWN HOOK RAN");
        } finally {
            child.stop(Duration.ZERO);
        }
    }
}
