package io.dubboai.deployment.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.dubboai.deployment.training.TrainingJobSpec;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StrictJsonTest {

    private final ObjectMapper json = JsonMapper.builder().findAndAddModules().build();

    @Test
    void read_knownFields_includingTheShadowStep() {
        DeploymentSpec spec = StrictJson.read(
                json,
                "{\"name\": \"risk-v2\", \"model\": \"risk\", \"version\": \"2\", \"strategy\": {\"type\": \"canary\","
                        + " \"steps\": [25, 100], \"shadow\": {\"percent\": 0.5, \"interval\": \"PT1M\"}}}",
                DeploymentSpec.class);

        assertThat(spec.strategy().shadow()).isEqualTo(new Strategy.Shadow(0.5, Duration.ofMinutes(1)));
        assertThat(spec.strategyOrDefault().shadow()).isEqualTo(new Strategy.Shadow(0.5, Duration.ofMinutes(1)));
    }

    @Test
    void read_unknownField_isRefusedNamingItsPathAndTheFieldsAllowedThere() {
        assertThatThrownBy(() -> StrictJson.read(
                        json,
                        "{\"name\": \"risk-v2\", \"strategy\": {\"stepIntervall\": \"PT1M\"}}",
                        DeploymentSpec.class))
                .isInstanceOfSatisfying(StrictJson.Unreadable.class, e -> {
                    assertThat(e.path()).isEqualTo("strategy.stepIntervall");
                    assertThat(e.getMessage())
                            .startsWith("unknown field 'strategy.stepIntervall'; the fields there are analysisEvery,")
                            .contains("stepInterval, steps, type")
                            .endsWith("; remove it or fix its spelling");
                });
        assertThatThrownBy(() ->
                        StrictJson.read(json, "{\"name\": \"t\", \"deploy\": {\"replica\": 2}}", TrainingJobSpec.class))
                .isInstanceOfSatisfying(
                        StrictJson.Unreadable.class, e -> assertThat(e.path()).isEqualTo("deploy.replica"));
    }

    @Test
    void read_wrongTypeOrBrokenJson_saysWhere() {
        assertThatThrownBy(() -> StrictJson.read(json, "{\"strategy\": {\"steps\": [\"many\"]}}", DeploymentSpec.class))
                .isInstanceOfSatisfying(StrictJson.Unreadable.class, e -> {
                    assertThat(e.path()).isEqualTo("strategy.steps[0]");
                    assertThat(e.getMessage()).startsWith("at 'strategy.steps[0]': ");
                });
        assertThatThrownBy(() -> StrictJson.read(json, "{\"name\": ", DeploymentSpec.class))
                .isInstanceOfSatisfying(StrictJson.Unreadable.class, e -> {
                    assertThat(e.path()).isEmpty();
                    assertThat(e.getMessage()).startsWith("not JSON: ").contains("line 1");
                });
    }

    @Test
    void convert_aResourceSpecWithAnUnknownField_isRefused() {
        assertThatThrownBy(() -> StrictJson.convert(json, Map.of("model", "risk", "replicaz", 2), DeploymentSpec.class))
                .isInstanceOfSatisfying(
                        StrictJson.Unreadable.class, e -> assertThat(e.path()).isEqualTo("replicaz"));
    }
}
