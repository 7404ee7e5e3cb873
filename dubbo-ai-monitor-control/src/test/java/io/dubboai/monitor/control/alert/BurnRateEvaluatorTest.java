package io.dubboai.monitor.control.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dubboai.monitor.control.prometheus.PrometheusException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BurnRateEvaluatorTest {

    private static final Instant NOW = Instant.parse("2026-12-06T17:00:00Z");
    private static final SloRule ERRORS = new SloRule(
            "errors", "fraud", "2", SloMetric.ERROR_RATE, 0.999, null, null, null, List.of(), null, List.of());
    private static final SloRule SLOW =
            new SloRule("slow", "fraud", "2", SloMetric.LATENCY, null, 0.99, 0.25, null, List.of(), null, List.of());
    private static final SloRule BUSY =
            new SloRule("busy", "fraud", "2", SloMetric.THROUGHPUT, null, null, null, 5.0, List.of(), null, List.of());

    private final BurnRateEvaluator evaluator =
            new BurnRateEvaluator(List.of(BurnRateWindow.FAST, BurnRateWindow.SLOW));

    /** Values per window; a missing window answers NaN (no calls). */
    private static SliSource source(Map<Duration, Double> values, Duration maxWindow) {
        return new SliSource() {
            @Override
            public double value(SloRule rule, Duration window, Instant at) {
                return values.getOrDefault(window, Double.NaN);
            }

            @Override
            public Duration maxWindow() {
                return maxWindow;
            }

            @Override
            public String describe() {
                return "test";
            }
        };
    }

    private static Map<Duration, Double> windows(double h1, double m5, double h6, double m30) {
        Map<Duration, Double> values = new HashMap<>();
        values.put(Duration.ofHours(1), h1);
        values.put(Duration.ofMinutes(5), m5);
        values.put(Duration.ofHours(6), h6);
        values.put(Duration.ofMinutes(30), m30);
        return values;
    }

    @Test
    void evaluate_fastBurnOnBothWindows_firesWithThePairsSeverity() {
        // 2 % errors against a 0.1 % budget: burn 20 >= 14.4 on 1h and 5m
        var decision = evaluator.evaluate(ERRORS, source(windows(0.02, 0.02, 0.001, 0.001), Duration.ofDays(30)), NOW);

        assertThat(decision.outcome()).isEqualTo(BurnRateEvaluator.Outcome.FIRE);
        assertThat(decision.firedBy()).isEqualTo("1h/5m");
        assertThat(decision.severity()).isEqualTo("page");
        assertThat(decision.values()).containsEntry("burn_1h", 20.0).containsEntry("burn_5m", 20.0);
    }

    @Test
    void evaluate_longWindowBurnsButShortWindowRecovered_clears() {
        // the short window is what lets an alert resolve soon after the burn stopped
        var decision = evaluator.evaluate(ERRORS, source(windows(0.02, 0.0, 0.004, 0.0), Duration.ofDays(30)), NOW);

        assertThat(decision.outcome()).isEqualTo(BurnRateEvaluator.Outcome.CLEAR);
    }

    @Test
    void evaluate_slowBurnOnlyOverSixHours_firesBySecondPair() {
        var decision = evaluator.evaluate(ERRORS, source(windows(0.01, 0.001, 0.007, 0.007), Duration.ofDays(30)), NOW);

        assertThat(decision.outcome()).isEqualTo(BurnRateEvaluator.Outcome.FIRE);
        assertThat(decision.firedBy()).isEqualTo("6h/30m");
    }

    @Test
    void evaluate_latencyShareSlowerThanThreshold_burnsAgainstOneMinusQuantile() {
        // 20 % slower than 250 ms against a 1 % budget: burn 20
        var decision = evaluator.evaluate(SLOW, source(windows(0.2, 0.2, 0.0, 0.0), Duration.ofDays(30)), NOW);

        assertThat(decision.outcome()).isEqualTo(BurnRateEvaluator.Outcome.FIRE);
        assertThat(decision.values()).containsEntry("burn_1h", 20.0);
    }

    @Test
    void evaluate_throughputBelowMinimumOnBothWindowsOrNoCalls_fires() {
        var low = evaluator.evaluate(BUSY, source(windows(2, 1, 10, 10), Duration.ofDays(30)), NOW);
        var none = evaluator.evaluate(BUSY, source(Map.of(), Duration.ofDays(30)), NOW);
        var fine = evaluator.evaluate(BUSY, source(windows(10, 10, 10, 10), Duration.ofDays(30)), NOW);

        assertThat(low.outcome()).isEqualTo(BurnRateEvaluator.Outcome.FIRE);
        assertThat(low.values()).containsEntry("throughput_5m", 1.0);
        assertThat(none.outcome()).isEqualTo(BurnRateEvaluator.Outcome.FIRE);
        assertThat(fine.outcome()).isEqualTo(BurnRateEvaluator.Outcome.CLEAR);
    }

    @Test
    void evaluate_noCalls_clearsAnErrorRateAlert() {
        var decision = evaluator.evaluate(ERRORS, source(Map.of(), Duration.ofDays(30)), NOW);

        assertThat(decision.outcome()).isEqualTo(BurnRateEvaluator.Outcome.CLEAR);
        assertThat(decision.values()).isEmpty();
    }

    @Test
    void evaluate_backendDown_cannotSayAndReportsWhy() {
        SliSource down = new SliSource() {
            @Override
            public double value(SloRule rule, Duration window, Instant at) {
                throw new PrometheusException("cannot reach Prometheus at http://127.0.0.1:1");
            }

            @Override
            public String describe() {
                return "prometheus http://127.0.0.1:1";
            }
        };

        var decision = evaluator.evaluate(ERRORS, down, NOW);

        assertThat(decision.outcome()).isEqualTo(BurnRateEvaluator.Outcome.UNKNOWN);
        assertThat(decision.error()).contains("pair 1h/5m on prometheus http://127.0.0.1:1: cannot reach Prometheus");
    }

    @Test
    void evaluate_pairLongerThanTheScrapeRetention_isSkippedAndNamed() {
        var decision = evaluator.evaluate(ERRORS, source(windows(0.0, 0.0, 0.5, 0.5), Duration.ofHours(1)), NOW);

        assertThat(decision.outcome()).isEqualTo(BurnRateEvaluator.Outcome.CLEAR);
        assertThat(decision.error()).contains("pair 6h/30m skipped: longer than what test holds (1h)");
    }

    @Test
    void burnRateWindow_shortNotShorterThanLong_isRefusedWithBothValues() {
        assertThatThrownBy(() -> new BurnRateWindow(Duration.ofMinutes(5), Duration.ofHours(1), 14.4, "page"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("burn-rate longWindow must be longer than shortWindow (PT1H), but was PT5M");
    }
}
