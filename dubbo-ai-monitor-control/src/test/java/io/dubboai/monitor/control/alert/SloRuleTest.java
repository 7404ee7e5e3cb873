package io.dubboai.monitor.control.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class SloRuleTest {

    @Test
    void latencyRule_objectiveAndBudget() {
        SloRule rule =
                new SloRule("p99", "fraud", "2", SloMetric.LATENCY, null, 0.99, 0.25, null, List.of(), null, List.of());

        assertThat(rule.objective()).isEqualTo("p99 latency under 250ms");
        assertThat(rule.errorBudget()).isCloseTo(0.01, org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    void rule_withSeveralProblems_namesEveryOne() {
        assertThatThrownBy(() -> new SloRule(
                        "Bad Id",
                        "fraud",
                        " ",
                        SloMetric.LATENCY,
                        0.99,
                        1.5,
                        0.3,
                        null,
                        List.of("rollback"),
                        null,
                        List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("id 'Bad Id' must be 1 to 63 lower-case letters")
                .hasMessageContaining("version must be set")
                .hasMessageContaining("target does not apply to this metric")
                .hasMessageContaining("quantile must be between 0 and 1 (exclusive), e.g. 0.99, but was 1.5")
                .hasMessageContaining("thresholdSeconds 0.3 is not a latency SLO bucket; use one of 0.001, 0.005");
    }

    @Test
    void metric_unknownName_listsTheKnownOnes() {
        assertThatThrownBy(() -> SloMetric.of("p99"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown SLO metric 'p99'; known: error_rate, latency, throughput");
    }
}
