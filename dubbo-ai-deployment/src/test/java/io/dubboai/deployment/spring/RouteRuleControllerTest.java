package io.dubboai.deployment.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.dubboai.controlplane.rule.RouteRulePrecondition;
import org.junit.jupiter.api.Test;

class RouteRuleControllerTest {

    @Test
    void preconditionShouldFollowTheConditionalHeaders() {
        assertThat(RouteRuleController.precondition("m", "\"abc\"", null, false))
                .isEqualTo(RouteRulePrecondition.matching("abc"));
        assertThat(RouteRuleController.precondition("m", "W/\"abc\"", null, false))
                .isEqualTo(RouteRulePrecondition.matching("abc"));
        assertThat(RouteRuleController.precondition("m", "*", null, false)).isEqualTo(RouteRulePrecondition.PRESENT);
        assertThat(RouteRuleController.precondition("m", null, "*", false)).isEqualTo(RouteRulePrecondition.ABSENT);
        assertThat(RouteRuleController.precondition("m", null, null, true)).isEqualTo(RouteRulePrecondition.ANY);
    }

    @Test
    void preconditionWithoutHeadersOrForceShouldBeRequired() {
        RuntimeException required = catchThrowableOfType(
                RouteRuleController.PreconditionRequiredException.class,
                () -> RouteRuleController.precondition("m", null, null, false));

        assertThat(required.getMessage()).contains("If-Match", "If-None-Match: *", "?force=true");
    }

    @Test
    void preconditionWithBothHeadersOrSeveralTagsShouldBeRefused() {
        assertThat(catchThrowableOfType(
                                IllegalArgumentException.class,
                                () -> RouteRuleController.precondition("m", "\"a\"", "*", false))
                        .getMessage())
                .contains("not both");
        assertThat(catchThrowableOfType(
                                IllegalArgumentException.class,
                                () -> RouteRuleController.precondition("m", "\"a\", \"b\"", null, false))
                        .getMessage())
                .contains("several tags");
        assertThat(catchThrowableOfType(
                                IllegalArgumentException.class,
                                () -> RouteRuleController.precondition("m", null, "\"a\"", false))
                        .getMessage())
                .contains("only '*'");
    }

    @Test
    void prefersYamlShouldRankByQualityAndDefaultToJson() {
        assertThat(RouteRuleController.prefersYaml(null)).isFalse();
        assertThat(RouteRuleController.prefersYaml("*/*")).isFalse();
        assertThat(RouteRuleController.prefersYaml("application/yaml")).isTrue();
        assertThat(RouteRuleController.prefersYaml("text/yaml, */*;q=0.1")).isTrue();
        assertThat(RouteRuleController.prefersYaml("application/json, application/yaml;q=0.5"))
                .isFalse();
        assertThat(RouteRuleController.prefersYaml("not a type")).isFalse();
    }
}
