package io.dubboai.controlplane.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffConfigTest {

    private final BackoffConfig noJitter = new BackoffConfig(Duration.ofSeconds(1), Duration.ofSeconds(10), 2.0, 0.0);

    @Test
    void delayShouldGrowByTheMultiplierPerFailure() {
        assertThat(noJitter.delay(1, 0.5)).isEqualTo(Duration.ofSeconds(1));
        assertThat(noJitter.delay(2, 0.5)).isEqualTo(Duration.ofSeconds(2));
        assertThat(noJitter.delay(3, 0.5)).isEqualTo(Duration.ofSeconds(4));
    }

    @Test
    void delayShouldNeverExceedMaxDelay() {
        assertThat(noJitter.delay(5, 0.5)).isEqualTo(Duration.ofSeconds(10));
        assertThat(noJitter.delay(10_000, 0.5)).isEqualTo(Duration.ofSeconds(10));
        BackoffConfig jittered = new BackoffConfig(Duration.ofSeconds(1), Duration.ofSeconds(10), 2.0, 0.5);
        assertThat(jittered.delay(100, 0.999)).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void jitterShouldSpreadTheDelaySymmetrically() {
        BackoffConfig jittered = new BackoffConfig(Duration.ofSeconds(4), Duration.ofSeconds(100), 2.0, 0.25);
        assertThat(jittered.delay(1, 0.0)).isEqualTo(Duration.ofSeconds(3));
        assertThat(jittered.delay(1, 0.5)).isEqualTo(Duration.ofSeconds(4));
        assertThat(jittered.delay(1, 0.75)).isEqualTo(Duration.ofMillis(4500));
    }

    @Test
    void invalidSettingsShouldBeRejectedWithTheFieldAndValue() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new BackoffConfig(Duration.ZERO, Duration.ofSeconds(1), 2, 0))
                .withMessageContaining("initialDelay must be greater than 0, but was PT0S");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new BackoffConfig(Duration.ofSeconds(2), Duration.ofSeconds(1), 2, 0))
                .withMessageContaining("maxDelay must be at least initialDelay (PT2S), but was PT1S");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new BackoffConfig(Duration.ofSeconds(1), Duration.ofSeconds(1), 0.5, 0))
                .withMessageContaining("multiplier must be a finite number >= 1.0")
                .withMessageContaining("0.5");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new BackoffConfig(Duration.ofSeconds(1), Duration.ofSeconds(1), 2, Double.NaN))
                .withMessageContaining("jitter must be between 0.0 (none) and 1.0 (±100%), but was NaN");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> noJitter.delay(0, 0.5))
                .withMessageContaining("failures must be at least 1, but was 0");
    }
}
