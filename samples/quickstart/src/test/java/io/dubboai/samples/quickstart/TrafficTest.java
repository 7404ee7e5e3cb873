package io.dubboai.samples.quickstart;

import static org.assertj.core.api.Assertions.assertThat;

import io.dubboai.samples.consumer.ServedReport;
import io.dubboai.samples.consumer.ServedReport.Mode;
import java.util.Map;
import org.junit.jupiter.api.Test;

final class TrafficTest {

    @Test
    void parse_reportLine_readsCallsPerModeAskedAndServedVersion() {
        Traffic traffic = Traffic.parse("[consumer] SERVED alias challenger:2=11 champion:1=8 champion:2=37"
                        + " | pinned 1:1=4 2:2=5 | sticky alice:2=3 bob:1=4 | weighted 1=6 2=2 | errors=3")
                .orElseThrow();

        assertThat(traffic.served("champion", "2")).isEqualTo(37);
        assertThat(traffic.total("champion")).isEqualTo(45);
        assertThat(traffic.served("challenger", "1")).isZero();
        assertThat(traffic.versions(Mode.ALIAS, "champion")).containsExactly("1", "2");
        assertThat(traffic.served(Mode.PINNED, "2", "2")).isEqualTo(5);
        assertThat(traffic.versions(Mode.STICKY, "alice")).containsExactly("2");
        assertThat(traffic.total(Mode.WEIGHTED, "")).isEqualTo(8);
        assertThat(traffic.errors()).isEqualTo(3);
        assertThat(traffic)
                .hasToString("alias challenger:2=11 champion:1=8 champion:2=37 | pinned 1:1=4 2:2=5"
                        + " | sticky alice:2=3 bob:1=4 | weighted 1=6 2=2 | errors=3");
    }

    @Test
    void parse_consumerReport_readsWhatTheConsumerCounted() {
        ServedReport report = new ServedReport();
        report.served(Mode.ALIAS, "champion", "1");
        report.served(Mode.ALIAS, "champion", "1");
        report.served(Mode.PINNED, "2", "2");
        report.served(Mode.STICKY, "user:42", "1");
        report.served(Mode.WEIGHTED, "", "2");
        report.failed();

        String line = report.drain();
        Traffic traffic = Traffic.parse(line).orElseThrow();

        assertThat(line)
                .isEqualTo("SERVED alias champion:1=2 | pinned 2:2=1 | sticky user:42:1=1 | weighted 2=1 | errors=1");
        assertThat(traffic.served("champion", "1")).isEqualTo(2);
        assertThat(traffic.served(Mode.PINNED, "2", "2")).isEqualTo(1);
        // a version never holds ':', so a key that does still parses
        assertThat(traffic.served(Mode.STICKY, "user:42", "1")).isEqualTo(1);
        assertThat(traffic.served(Mode.WEIGHTED, "", "2")).isEqualTo(1);
        assertThat(traffic.errors()).isEqualTo(1);
        assertThat(Traffic.parse(report.drain()).orElseThrow())
                .as("the next interval starts empty")
                .isEqualTo(new Traffic(Map.of(), 0));
    }

    @Test
    void parse_otherLine_isEmpty() {
        assertThat(Traffic.parse("PROVIDER READY model=risk version=1")).isEmpty();
    }
}
