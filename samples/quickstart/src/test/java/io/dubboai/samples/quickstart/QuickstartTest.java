package io.dubboai.samples.quickstart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class QuickstartTest {

    @TempDir
    Path dataDir;

    @Test
    void start_afterClose_startsNoChild() {
        Quickstart quickstart = new Quickstart(dataDir.resolve("no-server.jar"), dataDir, Backend.EMBEDDED);
        quickstart.close();

        // a Ctrl-C during start-up closes the quickstart while start() goes on: its next launch must be refused
        assertThatThrownBy(quickstart::start)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("the quickstart is stopping; server was not started");
        assertThat(quickstart.children()).isEmpty();
        assertThat(quickstart.isStopping()).isTrue();
    }
}
