package io.dubboai.core.rule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dubboai.core.contract.Accelerator;
import java.util.List;
import org.junit.jupiter.api.Test;

final class ModelRouteRuleTest {

    private final ModelRouteRule rule = ModelRouteRule.builder("sentiment")
            .traffic("1", 90)
            .traffic("2", 10)
            .alias("champion", "1")
            .build();

    @Test
    void withAlias_versionNotInTraffic_addsItWithWeightZero() {
        ModelRouteRule moved = rule.withAlias("challenger", "3");

        assertThat(moved.resolveAlias("challenger")).contains("3");
        assertThat(moved.traffic())
                .containsExactly(new TrafficSplit("1", 90), new TrafficSplit("2", 10), new TrafficSplit("3", 0));
        assertThat(rule.resolveAlias("challenger"))
                .as("the original is unchanged")
                .isEmpty();
    }

    @Test
    void withAlias_existingAlias_movesIt() {
        assertThat(rule.withAlias("champion", "2").aliases()).containsExactly(java.util.Map.entry("champion", "2"));
    }

    @Test
    void withoutAlias_removesOnlyThatAlias() {
        ModelRouteRule both = rule.withAlias("challenger", "2");

        assertThat(both.withoutAlias("champion").aliases()).containsOnlyKeys("challenger");
        assertThat(both.withoutAlias("nope")).isSameAs(both);
    }

    @Test
    void build_brokenInvariants_listsEveryProblem() {
        assertThatThrownBy(() -> ModelRouteRule.builder("sentiment")
                        .traffic("1", 50)
                        .traffic("1", 40)
                        .alias("champion", "9")
                        .stickyKey("User")
                        .build())
                .isInstanceOfSatisfying(InvalidRouteRuleException.class, e -> assertThat(e.problems())
                        .extracting(RuleProblem::path)
                        .containsExactly("traffic[1].version", "traffic", "aliases.champion", "stickyKey"))
                .hasMessageStartingWith("invalid model route rule: traffic[1].version: version '1' is listed twice");
    }

    @Test
    void withTraffic_droppingAnAliasedVersion_isRejected() {
        assertThatThrownBy(() -> rule.withTraffic(List.of(new TrafficSplit("2", 100))))
                .isInstanceOf(InvalidRouteRuleException.class)
                .hasMessageContaining("aliases.champion: version '1' is not in traffic [2]");
    }

    @Test
    void trafficSplit_weightOutOfRange_saysTheRange() {
        assertThatThrownBy(() -> new TrafficSplit("1", 101)).hasMessage("101 is above 100; weights are 0..100");
    }

    @Test
    void gpuConstraints_matchByAcceleratorTypeSubstringAndMemory() {
        GpuConstraints h100 = new GpuConstraints(null, List.of("h100"), 40_000);

        assertThat(h100.matches(Accelerator.GPU, "NVIDIA H100 80GB HBM3", 81_559))
                .isTrue();
        assertThat(h100.matches(Accelerator.GPU, "NVIDIA A100-SXM4-40GB", 40_960))
                .isFalse();
        assertThat(h100.matches(Accelerator.GPU, "NVIDIA H100 PCIe", 20_000))
                .as("too little memory")
                .isFalse();
        assertThat(h100.matches(Accelerator.CPU, null, 0)).isFalse();
        assertThat(new GpuConstraints(Accelerator.CPU, List.of(), 0).matches(null, null, 0))
                .as("a provider that says nothing is a CPU provider")
                .isTrue();
        assertThat(GpuConstraints.NONE.matches(Accelerator.GPU, "anything", 1)).isTrue();
    }

    @Test
    void ruleKeys_roundTripModelNames() {
        assertThat(RouteRules.ruleKey("sentiment")).isEqualTo("sentiment.model-route");
        assertThat(RouteRules.modelOf("sentiment.model-route")).contains("sentiment");
        assertThat(RouteRules.modelOf("sentiment.tag-router")).isEmpty();
        assertThatThrownBy(() -> RouteRules.ruleKey("../x")).hasMessageContaining("model name '../x'");
    }

    @Test
    void build_shadowOfUnlistedVersion_namesTheField() {
        assertThatThrownBy(() ->
                        rule.toBuilder().shadow(new ShadowTraffic("7", 10)).build())
                .isInstanceOf(InvalidRouteRuleException.class)
                .hasMessageContaining("shadow.version: version '7' is not in traffic [1, 2]");
    }

    @Test
    void withTraffic_keepsShadow_andRefusesToDropItsVersion() {
        ModelRouteRule shadowed = rule.withShadow(new ShadowTraffic("2", 10));

        assertThat(shadowed.withTraffic(List.of(new TrafficSplit("1", 50), new TrafficSplit("2", 50)))
                        .shadow())
                .isEqualTo(new ShadowTraffic("2", 10));
        assertThatThrownBy(() -> shadowed.withTraffic(List.of(new TrafficSplit("1", 100))))
                .isInstanceOf(InvalidRouteRuleException.class)
                .hasMessageContaining("shadow.version");
    }

    @Test
    void withShadow_null_removesMirroring() {
        ModelRouteRule shadowed = rule.withShadow(new ShadowTraffic("2", 10));

        assertThat(shadowed.toBuilder().build()).isEqualTo(shadowed);
        assertThat(shadowed.withShadow(null).shadowTraffic()).isEmpty();
        assertThat(shadowed.withShadow(null)).isEqualTo(rule);
    }

    @Test
    void shadowTraffic_percentOutOfRange_isRefused() {
        assertThatThrownBy(() -> new ShadowTraffic("2", 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("0 is not greater than 0; to stop mirroring remove 'shadow'");
        assertThatThrownBy(() -> new ShadowTraffic("2", 101))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("101 is above 100; shadow percent is greater than 0 and at most 100");
        assertThatThrownBy(() -> new ShadowTraffic("2", Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }
}
