package io.dubboai.samples.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import io.dubboai.samples.consumer.ModelConsumerMain.Call;
import io.dubboai.samples.consumer.ServedReport.Mode;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

final class ModelConsumerMainTest {

    @Test
    void nth_fortyCalls_mixEveryModeAndTakeEachPinAndKeyInTurn() {
        List<Call> calls = LongStream.range(0, 40)
                .mapToObj(n -> ModelConsumerMain.nth(n, List.of("1", "2"), List.of("alice", "bob", "ivan", "peggy")))
                .toList();

        Map<Call, Long> counts =
                calls.stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        assertThat(counts)
                .containsOnly(
                        Map.entry(new Call(Mode.ALIAS, "champion"), 20L),
                        Map.entry(new Call(Mode.ALIAS, "challenger"), 4L),
                        Map.entry(new Call(Mode.PINNED, "1"), 2L),
                        Map.entry(new Call(Mode.PINNED, "2"), 2L),
                        Map.entry(new Call(Mode.STICKY, "alice"), 2L),
                        Map.entry(new Call(Mode.STICKY, "bob"), 2L),
                        Map.entry(new Call(Mode.STICKY, "ivan"), 2L),
                        Map.entry(new Call(Mode.STICKY, "peggy"), 2L),
                        Map.entry(new Call(Mode.WEIGHTED, ""), 4L));
        // every ten calls hold every mode, so a short report interval still shows them all
        assertThat(calls.subList(0, 10)).extracting(Call::mode).contains(Mode.values());
    }

    @Test
    void drain_noCalls_reportsOnlyErrors() {
        ServedReport report = new ServedReport();

        assertThat(report.drain()).isEqualTo("SERVED errors=0");
    }

    @Test
    void drain_calls_groupsByModeInReadingOrder() {
        ServedReport report = new ServedReport();
        report.served(Mode.WEIGHTED, "", "2");
        report.served(Mode.STICKY, "bob", "1");
        report.served(Mode.ALIAS, "challenger", "2");
        report.served(Mode.ALIAS, "champion", "1");
        report.served(Mode.ALIAS, "champion", "1");

        assertThat(report.drain())
                .isEqualTo("SERVED alias challenger:2=1 champion:1=2 | sticky bob:1=1 | weighted 2=1 | errors=0");
        assertThat(report.drain()).as("the next interval").isEqualTo("SERVED errors=0");
    }
}
