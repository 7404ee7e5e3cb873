package io.dubboai.monitor.control.scrape;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Prometheus' arithmetic, with values worked out by hand from Prometheus' algorithm; the exposition reader. */
class PromMathTest {

    @Test
    void rate_samplesCoverTheRange_extrapolatesToTheEdges() {
        // 0..10 s, samples every second from 1 to 9 s, +2 per second: increase 16 over 8 s, extrapolated by 1 s at
        // each end (under 1.1 intervals) to 20 over 10 s
        long[] t = new long[9];
        double[] v = new double[9];
        for (int i = 0; i < 9; i++) {
            t[i] = (i + 1) * 1000L;
            v[i] = 100 + 2 * i;
        }
        assertThat(PromMath.rate(t, v, 9, 0, 10_000)).isCloseTo(2.0, within(1e-12));
    }

    @Test
    void rate_counterReset_addsTheValueBeforeTheReset() {
        long[] t = {0, 1000, 2000, 3000};
        double[] v = {10, 20, 5, 15};
        // increase 15 - 10 + 20 (reset) = 25 over 3 s, range exactly the samples
        assertThat(PromMath.rate(t, v, 4, 0, 3000)).isCloseTo(25 / 3.0, within(1e-12));
    }

    @Test
    void rate_counterStartsInTheRange_isNotExtrapolatedBelowZero() {
        long[] t = {5000, 6000, 7000};
        double[] v = {1, 2, 3};
        // the start gap (5 s) is cut to the time to zero at this slope (1 s), which is under 1.1 intervals, so the
        // increase is extrapolated by exactly 1 s, to where the counter was 0: 2 · (3 / 2) = 3 over the 7 s range
        assertThat(PromMath.rate(t, v, 3, 0, 7000)).isCloseTo(3.0 / 7, within(1e-12));
    }

    @Test
    void rate_oneSample_isNaN() {
        assertThat(PromMath.rate(new long[] {0}, new double[] {1}, 1, 0, 1000)).isNaN();
    }

    @Test
    void histogramQuantile_interpolatesInsideTheBucket() {
        // 10 observations ≤ 0.1, 10 more ≤ 0.2, none above: the median is the top of the first bucket, p75 halfway
        double[] bounds = {0.1, 0.2, Double.POSITIVE_INFINITY};
        double[] counts = {10, 20, 20};
        assertThat(PromMath.histogramQuantile(0.5, bounds, counts)).isCloseTo(0.1, within(1e-12));
        assertThat(PromMath.histogramQuantile(0.75, bounds, counts)).isCloseTo(0.15, within(1e-12));
        assertThat(PromMath.histogramQuantile(0.25, bounds, counts)).isCloseTo(0.05, within(1e-12));
    }

    @Test
    void histogramQuantile_rankInTheInfBucket_answersTheLargestFiniteBound() {
        assertThat(PromMath.histogramQuantile(0.99, new double[] {0.1, Double.POSITIVE_INFINITY}, new double[] {1, 10}))
                .isEqualTo(0.1);
    }

    @Test
    void histogramQuantile_noObservationsOrNoInfBucket_isNaN() {
        assertThat(PromMath.histogramQuantile(0.5, new double[] {0.1, Double.POSITIVE_INFINITY}, new double[] {0, 0}))
                .isNaN();
        assertThat(PromMath.histogramQuantile(0.5, new double[] {0.1, 0.2}, new double[] {1, 2}))
                .isNaN();
    }

    @Test
    void exposition_readsLabelsEscapesAndSpecialValues() {
        String text = "# HELP x\n"
                + "dubbo_ai_model_requests_total{model=\"a\\\"b\",version=\"1\",} 3.0\n"
                + "dubbo_ai_model_latency_seconds_bucket{le=\"+Inf\",model=\"m\"} 7 1700000000000\n"
                + "other_metric 1\n"
                + "dubbo_ai_broken{model=\"unterminated} 1\n";
        List<Exposition.Sample> samples = Exposition.parse(text, name -> name.startsWith("dubbo_ai_"));
        assertThat(samples)
                .containsExactly(
                        new Exposition.Sample(
                                "dubbo_ai_model_requests_total", Map.of("model", "a\"b", "version", "1"), 3.0),
                        new Exposition.Sample(
                                "dubbo_ai_model_latency_seconds_bucket", Map.of("le", "+Inf", "model", "m"), 7.0));
    }
}
