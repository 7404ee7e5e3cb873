package io.dubboai.monitor.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dubboai.monitor.sketch.FeatureKind;
import io.dubboai.monitor.sketch.SketchConfig;
import java.time.Duration;
import java.util.Map;
import org.apache.dubbo.common.config.InmemoryConfiguration;
import org.junit.jupiter.api.Test;

class InputSketchesConfigTest {

    @Test
    void config_readsEveryKeyAndDefaultsTheRest() {
        InmemoryConfiguration configuration = new InmemoryConfiguration();
        configuration.addProperties(Map.of(
                InputSketches.SAMPLE_RATE, "0.5",
                InputSketches.WINDOW, "PT1M",
                InputSketches.CATEGORICAL, " country , channel,"));

        SketchConfig config = InputSketches.config(configuration);

        assertThat(config.sampleRate()).isEqualTo(0.5);
        assertThat(config.window()).isEqualTo(Duration.ofMinutes(1));
        assertThat(config.windowsKept()).isEqualTo(SketchConfig.DEFAULTS.windowsKept());
        assertThat(config.queueCapacity()).isEqualTo(SketchConfig.DEFAULTS.queueCapacity());
        assertThat(config.kindOf("country")).isEqualTo(FeatureKind.CATEGORICAL);
        assertThat(config.kindOf("amount")).isEqualTo(FeatureKind.NUMERIC);
    }

    @Test
    void config_badValues_failNamingTheSettingAndTheRule() {
        InmemoryConfiguration rate = new InmemoryConfiguration();
        rate.addProperties(Map.of(InputSketches.SAMPLE_RATE, "1.5"));
        assertThatThrownBy(() -> InputSketches.config(rate))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("sampleRate must be in 0..1, but was 1.5");
        InmemoryConfiguration window = new InmemoryConfiguration();
        window.addProperties(Map.of(InputSketches.WINDOW, "5 minutes"));
        assertThatThrownBy(() -> InputSketches.config(window))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(InputSketches.WINDOW + "=5 minutes")
                .hasMessageContaining("ISO-8601 duration such as PT5M");
    }
}
