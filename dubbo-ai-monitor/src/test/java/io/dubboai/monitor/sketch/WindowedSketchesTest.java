package io.dubboai.monitor.sketch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.datasketches.quantilescommon.QuantileSearchCriteria;
import org.junit.jupiter.api.Test;

class WindowedSketchesTest {

    /** A clock tests move by hand. */
    static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    @Test
    void windows_areAlignedRotatedAndOnlyTheLastOnesKept() {
        MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:02:30Z"));
        WindowedSketches sketches =
                new WindowedSketches(SketchConfig.DEFAULTS.withWindows(Duration.ofMinutes(5), 2), clock);

        sketches.value("x", 1);
        assertThat(sketches.currentWindow().start()).isEqualTo(Instant.parse("2026-12-01T10:00:00Z"));
        clock.advance(Duration.ofMinutes(5));
        sketches.value("x", 2);
        sketches.value("x", 3);
        clock.advance(Duration.ofMinutes(5));
        sketches.value("x", 4);
        clock.advance(Duration.ofMinutes(20));

        assertThat(sketches.completedWindows())
                .extracting(
                        w -> w.start().toString(), w -> w.features().get("x").count())
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("2026-12-01T10:05:00Z", 2L),
                        org.assertj.core.groups.Tuple.tuple("2026-12-01T10:10:00Z", 1L));
        assertThat(sketches.merged().features().get("x").count()).isEqualTo(3);
        assertThat(sketches.currentWindow().start()).isEqualTo(Instant.parse("2026-12-01T10:30:00Z"));
    }

    @Test
    void categoricalFeature_numbersBecomeIntegerText() {
        WindowedSketches sketches =
                new WindowedSketches(SketchConfig.DEFAULTS.withCategorical(Set.of("country")), Clock.systemUTC());
        sketches.value("country", 49);
        sketches.value("country", 49.0);
        sketches.value("country", 1.5);

        FeatureSketch country = sketches.currentWindow().features().get("country");
        assertThat(country.kind()).isEqualTo(FeatureKind.CATEGORICAL);
        assertThat(country.categories().getEstimate("49")).isEqualTo(2);
        assertThat(country.categories().getEstimate("1.5")).isEqualTo(1);
    }

    @Test
    void sampler_fullQueue_dropsAndCountsWithoutBlockingTheCaller() throws InterruptedException {
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        WindowedSketches sketches = new WindowedSketches(SketchConfig.DEFAULTS, Clock.systemUTC());
        try (SketchSampler<Double> sampler = new SketchSampler<>(
                "m-1",
                SketchConfig.DEFAULTS.withSampleRate(1).withQueueCapacity(2),
                (value, sink) -> {
                    inside.countDown();
                    awaitQuietly(release);
                    sink.value("x", value);
                },
                sketches)) {
            sampler.offer(1.0);
            assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();
            // the thread holds 1.0; two fit in the queue; the rest are dropped at once
            for (double v = 2; v <= 6; v++) {
                sampler.offer(v);
            }
            assertThat(sampler.dropped()).isEqualTo(3);
            release.countDown();
            sampler.close(10_000);
            assertThat(sampler.sampled()).isEqualTo(3);
        }
        assertThat(sketches.currentWindow()
                        .features()
                        .get("x")
                        .numbers()
                        .getQuantile(1.0, QuantileSearchCriteria.INCLUSIVE))
                .isEqualTo(3.0);
    }

    @Test
    void sample_rateZeroNeverAndOneAlways() {
        WindowedSketches sketches = new WindowedSketches(SketchConfig.DEFAULTS, Clock.systemUTC());
        try (SketchSampler<Double> never =
                        new SketchSampler<>("a", SketchConfig.DEFAULTS.withSampleRate(0), (v, s) -> {}, sketches);
                SketchSampler<Double> always =
                        new SketchSampler<>("b", SketchConfig.DEFAULTS.withSampleRate(1), (v, s) -> {}, sketches)) {
            for (int i = 0; i < 100; i++) {
                assertThat(never.sample()).isFalse();
                assertThat(always.sample()).isTrue();
            }
        }
    }

    @Test
    void referenceProfile_fromCsv_sketchesNumbersAndCountsCategories() {
        String csv = "amount,country\n" + "10.5,de\n" + "20,fr\n" + ",de\n" + "30,de\n";

        ReferenceProfile profile = ReferenceProfile.fromCsv(
                new StringReader(csv), SketchConfig.DEFAULTS.withCategorical(Set.of("country")));

        assertThat(profile.featureNames()).containsExactly("amount", "country");
        FeatureProfile amount = profile.feature("amount").orElseThrow();
        assertThat(amount.kind()).isEqualTo(FeatureKind.NUMERIC);
        assertThat(amount.count()).isEqualTo(3);
        assertThat(amount.toSketch().numbers().getQuantile(0.5, QuantileSearchCriteria.INCLUSIVE))
                .isEqualTo(20.0);
        FeatureProfile country = profile.feature("country").orElseThrow();
        assertThat(country.categories()).containsExactlyInAnyOrderEntriesOf(java.util.Map.of("de", 3L, "fr", 1L));
        assertThat(country.toSketch().count()).isEqualTo(4);
    }

    @Test
    void referenceProfile_fromCsvWithBadInput_namesLineFeatureAndValue() {
        SketchConfig config = SketchConfig.DEFAULTS;
        assertThatThrownBy(() -> ReferenceProfile.fromCsv(new StringReader("amount,country\n1,2\nabc,3\n"), config))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("reference sample line 3, feature 'amount': 'abc' is not a finite number; mark the "
                        + "feature categorical or fix the value");
        assertThatThrownBy(() -> ReferenceProfile.fromCsv(new StringReader("amount,amount\n1,2\n"), config))
                .hasMessage("reference sample header names feature 'amount' twice; names must be unique");
        assertThatThrownBy(() -> ReferenceProfile.fromCsv(new StringReader("a,b\n1\n"), config))
                .hasMessage("reference sample line 2 has 1 cells, the header names 2 features");
        assertThatThrownBy(() -> ReferenceProfile.fromCsv(new StringReader(""), config))
                .hasMessageStartingWith("reference sample is empty");
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
