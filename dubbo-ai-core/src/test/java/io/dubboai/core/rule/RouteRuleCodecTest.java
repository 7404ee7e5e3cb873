package io.dubboai.core.rule;

import static org.assertj.core.api.Assertions.assertThat;

import io.dubboai.core.contract.Accelerator;
import java.util.List;
import org.junit.jupiter.api.Test;

final class RouteRuleCodecTest {

    static final String FULL = """
            configVersion: v1
            model: sentiment
            enabled: true
            traffic:
              - version: "3"
                weight: 90
              - version: 4
                weight: 10
            aliases:
              champion: "3"
              challenger: 4
            gpu:
              accelerator: gpu
              gpuTypes: [H100, A100]
              minGpuMemoryMiB: 40000
            stickyKey: user-id
            fallback:
              policy: version
              version: "3"
            """;

    @Test
    void parse_fullRule_readsEveryField() {
        ModelRouteRule rule = RouteRuleCodec.parse("sentiment", FULL).orElseThrow();

        assertThat(rule.model()).isEqualTo("sentiment");
        assertThat(rule.traffic()).containsExactly(new TrafficSplit("3", 90), new TrafficSplit("4", 10));
        assertThat(rule.aliases()).containsEntry("champion", "3").containsEntry("challenger", "4");
        assertThat(rule.gpu()).isEqualTo(new GpuConstraints(Accelerator.GPU, List.of("H100", "A100"), 40000));
        assertThat(rule.stickyKey()).isEqualTo("user-id");
        assertThat(rule.fallback()).isEqualTo(Fallback.toVersion("3"));
    }

    @Test
    void encode_thenParse_givesEqualRule() {
        ModelRouteRule rule = RouteRuleCodec.parse(FULL).orElseThrow();

        String text = RouteRuleCodec.encode(rule);

        assertThat(RouteRuleCodec.parse(text).orElseThrow()).isEqualTo(rule);
    }

    @Test
    void parse_negativeWeight_namesPathAndLine() {
        RuleParseResult result = RouteRuleCodec.parse(FULL.replace("weight: 10", "weight: -5"));

        assertThat(result.isValid()).isFalse();
        assertThat(result.problems())
                .extracting(RuleProblem::toString)
                .contains("traffic[1].weight (line 8, column 13): -5 is negative; weights are 0..100");
    }

    @Test
    void parse_shadow_readsVersionAndPercent() {
        ModelRouteRule rule = RouteRuleCodec.parse(FULL + "shadow: {version: \"4\", percent: 10}\n")
                .orElseThrow();

        assertThat(rule.shadow()).isEqualTo(new ShadowTraffic("4", 10));
        assertThat(rule.shadowTraffic()).map(ShadowTraffic::probability).contains(0.1);
    }

    @Test
    void parse_shadowOfAVersionWithWeightZero_isValid() {
        String text = """
                model: sentiment
                traffic:
                  - version: "1"
                    weight: 100
                  - version: "2"
                    weight: 0
                shadow:
                  version: 2
                  percent: 0.5
                """;

        assertThat(RouteRuleCodec.parse(text).orElseThrow().shadow()).isEqualTo(new ShadowTraffic("2", 0.5));
    }

    @Test
    void parse_shadowInJson_readsIt() {
        String json = """
                {"model": "sentiment", "traffic": [{"version": "1", "weight": 100}, {"version": "2", "weight": 0}],
                 "shadow": {"version": "2", "percent": 12.5}}
                """;

        assertThat(RouteRuleCodec.parse(json).orElseThrow().shadow()).isEqualTo(new ShadowTraffic("2", 12.5));
    }

    @Test
    void encode_wholePercent_isWrittenWithoutDecimalPoint() {
        ModelRouteRule rule = RouteRuleCodec.parse(FULL).orElseThrow().withShadow(new ShadowTraffic("4", 10));

        String text = RouteRuleCodec.encode(rule);

        assertThat(text).endsWith("shadow:\n  version: '4'\n  percent: 10\n");
        assertThat(RouteRuleCodec.parse(text).orElseThrow()).isEqualTo(rule);
    }

    @Test
    void encode_decimalPercent_roundTrips() {
        ModelRouteRule rule = RouteRuleCodec.parse(FULL).orElseThrow().withShadow(new ShadowTraffic("4", 0.25));

        String text = RouteRuleCodec.encode(rule);

        assertThat(text).contains("  percent: 0.25\n");
        assertThat(RouteRuleCodec.parse(text).orElseThrow()).isEqualTo(rule);
    }

    @Test
    void encode_ruleWithoutShadow_writesNoShadowField() {
        // rules without mirroring read and print exactly as before the field existed
        ModelRouteRule rule = RouteRuleCodec.parse(FULL).orElseThrow();

        assertThat(rule.shadow()).isNull();
        assertThat(RouteRuleCodec.encode(rule)).doesNotContain("shadow").startsWith("configVersion: v1\n");
    }
}
