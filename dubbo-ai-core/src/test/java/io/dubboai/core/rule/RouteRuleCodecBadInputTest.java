package io.dubboai.core.rule;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each bad rule yields a problem at the right path with a message that says what to fix. */
final class RouteRuleCodecBadInputTest {

    private static final String TRAFFIC = """
            traffic:
              - version: "1"
                weight: 60
              - version: "2"
                weight: 40
            """;

    private static String rule(String extra) {
        return "model: sentiment\n" + TRAFFIC + extra;
    }

    static Stream<Arguments> badRules() {
        return Stream.of(
                bad("unclosed flow list", "model: [a\n", "", "invalid YAML"),
                bad("tab indentation", "model: m\ntraffic:\n\t- version: 1\n", "", "invalid YAML"),
                bad("root is a list", "- model: m\n", "", "must be a YAML mapping"),
                bad("root is text", "just text\n", "", "must be a YAML mapping"),
                bad("empty document", "   \n", "", "the rule is empty"),
                bad("comment only", "# nothing\n", "", "the rule is empty"),
                bad("model missing", TRAFFIC, "model", "missing; name the model"),
                bad("model is a list", "model: [a, b]\n" + TRAFFIC, "model", "must be text, found a list"),
                bad("model with a slash", "model: a/b\n" + TRAFFIC, "model", "characters that are not allowed"),
                bad("model is a number", "model: 42\n" + TRAFFIC, "model", "must be text, found a number '42'"),
                bad("unsupported configVersion", rule("configVersion: v9\n"), "configVersion", "'v9' is not supported"),
                bad("enabled not a boolean", rule("enabled: maybe\n"), "enabled", "must be true or false"),
                bad("traffic not a list", "model: m\ntraffic: 5\n", "traffic", "must be a list"),
                bad("traffic entry is text", "model: m\ntraffic:\n  - v1\n", "traffic[0]", "must be a mapping"),
                bad(
                        "weight missing",
                        "model: m\ntraffic:\n  - version: 1\n",
                        "traffic[0].weight",
                        "missing; every traffic entry needs 'weight'"),
                bad(
                        "version missing",
                        "model: m\ntraffic:\n  - weight: 100\n",
                        "traffic[0].version",
                        "missing; every traffic entry needs 'version'"),
                bad(
                        "negative weight",
                        "model: m\ntraffic:\n  - version: 1\n    weight: 105\n  - version: 2\n    weight: -5\n",
                        "traffic[1].weight",
                        "-5 is negative; weights are 0..100"),
                bad(
                        "weight above 100",
                        "model: m\ntraffic:\n  - version: 1\n    weight: 101\n",
                        "traffic[0].weight",
                        "101 is above 100"),
                bad(
                        "decimal weight",
                        "model: m\ntraffic:\n  - version: 1\n    weight: 99.5\n",
                        "traffic[0].weight",
                        "must be a whole number, found a decimal number '99.5'"),
                bad(
                        "weight as text",
                        "model: m\ntraffic:\n  - version: 1\n    weight: ten\n",
                        "traffic[0].weight",
                        "must be a whole number, found text 'ten'"),
                bad(
                        "weight beyond long",
                        "model: m\ntraffic:\n  - version: 1\n    weight: 99999999999999999999\n",
                        "traffic[0].weight",
                        "too large"),
                bad(
                        "weights sum to 90",
                        "model: m\ntraffic:\n  - version: 1\n    weight: 50\n  - version: 2\n    weight: 40\n",
                        "traffic",
                        "weights sum to 90, expected 100"),
                bad(
                        "duplicate version",
                        "model: m\ntraffic:\n  - version: 1\n    weight: 50\n  - version: \"1\"\n    weight: 50\n",
                        "traffic[1].version",
                        "version '1' is listed twice"),
                bad(
                        "version with path characters",
                        "model: m\ntraffic:\n  - version: ../etc\n    weight: 100\n",
                        "traffic[0].version",
                        "characters that are not allowed"),
                bad("unknown top-level field", rule("weights: [1]\n"), "weights", "unknown field 'weights'"),
                bad(
                        "unknown field in a traffic entry",
                        "model: m\ntraffic:\n  - version: 1\n    weight: 100\n    percent: 100\n",
                        "traffic[0].percent",
                        "unknown field 'percent'; known fields here are [version, weight]"),
                bad("field given twice", rule("model: other\n"), "model", "'model' is given twice"),
                bad(
                        "alias to an unknown version",
                        rule("aliases:\n  champion: \"7\"\n"),
                        "aliases.champion",
                        "version '7' is not in traffic [1, 2]"),
                bad(
                        "alias with upper case",
                        rule("aliases:\n  Champion: \"1\"\n"),
                        "aliases.Champion",
                        "alias 'Champion'"),
                bad("alias defined twice", rule("aliases:\n  a: \"1\"\n  a: \"2\"\n"), "aliases.a", "defined twice"),
                bad("aliases as a list", rule("aliases: [champion]\n"), "aliases", "must be a mapping of alias"),
                bad(
                        "unknown accelerator",
                        rule("gpu:\n  accelerator: tpu\n"),
                        "gpu.accelerator",
                        "use cpu, gpu or any"),
                bad(
                        "cpu with GPU types",
                        rule("gpu:\n  accelerator: cpu\n  gpuTypes: [H100]\n"),
                        "gpu",
                        "accelerator 'cpu' contradicts gpuTypes"),
                bad(
                        "negative GPU memory",
                        rule("gpu:\n  minGpuMemoryMiB: -1\n"),
                        "gpu.minGpuMemoryMiB",
                        "-1 is negative"),
                bad("GPU types as text", rule("gpu:\n  gpuTypes: H100\n"), "gpu.gpuTypes", "must be a list"),
                bad("sticky key with upper case", rule("stickyKey: User-Id\n"), "stickyKey", "Triple lower-cases"),
                bad(
                        "unknown fallback policy",
                        rule("fallback:\n  policy: retry\n"),
                        "fallback.policy",
                        "use fail or version"),
                bad(
                        "version policy without version",
                        rule("fallback:\n  policy: version\n"),
                        "fallback",
                        "policy 'version' needs a version"),
                bad(
                        "fail policy with a version",
                        rule("fallback:\n  policy: fail\n  version: \"1\"\n"),
                        "fallback",
                        "policy 'fail' takes no version"),
                bad(
                        "fallback to an unknown version",
                        rule("fallback:\n  policy: version\n  version: \"9\"\n"),
                        "fallback.version",
                        "version '9' is not in traffic"),
                bad(
                        "fallback as text",
                        rule("fallback: fail\n"),
                        "fallback",
                        "must be a mapping such as 'policy: fail'"),
                bad(
                        "shadow of an unknown version",
                        rule("shadow:\n  version: \"9\"\n  percent: 10\n"),
                        "shadow.version",
                        "version '9' is not in traffic [1, 2]; add it to traffic (weight 0"),
                bad(
                        "shadow without a weighted split",
                        "model: m\nshadow:\n  version: \"2\"\n  percent: 10\n",
                        "shadow.version",
                        "needs a weighted split to be mirrored from"),
                bad(
                        "shadow percent zero",
                        rule("shadow:\n  version: \"2\"\n  percent: 0\n"),
                        "shadow.percent",
                        "0 is not greater than 0; to stop mirroring remove 'shadow'"),
                bad(
                        "shadow percent negative",
                        rule("shadow:\n  version: \"2\"\n  percent: -0.5\n"),
                        "shadow.percent",
                        "-0.5 is not greater than 0"),
                bad(
                        "shadow percent above 100",
                        rule("shadow:\n  version: \"2\"\n  percent: 100.5\n"),
                        "shadow.percent",
                        "100.5 is above 100; shadow percent is greater than 0 and at most 100"),
                bad(
                        "shadow percent with a percent sign",
                        rule("shadow:\n  version: \"2\"\n  percent: 10%\n"),
                        "shadow.percent",
                        "must be a number greater than 0 and at most 100 such as 10 or 0.5, found text '10%'"),
                bad(
                        "shadow percent infinite",
                        rule("shadow:\n  version: \"2\"\n  percent: .inf\n"),
                        "shadow.percent",
                        "'.inf' is not a plain number"),
                bad(
                        "shadow percent missing",
                        rule("shadow:\n  version: \"2\"\n"),
                        "shadow.percent",
                        "missing; every shadow entry needs 'percent'"),
                bad(
                        "shadow version missing",
                        rule("shadow:\n  percent: 10\n"),
                        "shadow.version",
                        "missing; every shadow entry needs 'version'"),
                bad(
                        "shadow with an unknown field",
                        rule("shadow:\n  version: \"2\"\n  percent: 10\n  share: 10\n"),
                        "shadow.share",
                        "unknown field 'share'; known fields here are [percent, version]"),
                bad(
                        "shadow as text",
                        rule("shadow: \"2\"\n"),
                        "shadow",
                        "must be a mapping such as '{version: \"4\", percent: 10}', found text"),
                bad("java type tag", "model: !!java.lang.Runtime x\n" + TRAFFIC, "", "Global tag is not allowed"),
                bad("document too large", rule("# " + "x".repeat(70_000) + "\n"), "", "at most 65536 are allowed"),
                bad("alias bomb", aliasBomb(), "", "YAML"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRules")
    void parse_badRule_reportsProblemAtPath(String name, String text, String path, String message) {
        RuleParseResult result = RouteRuleCodec.parse("sentiment".equals(modelOf(text)) ? "sentiment" : null, text);

        assertThat(result.isValid()).as("valid").isFalse();
        assertThat(result.problems()).as("problems of '%s'", name).anySatisfy(problem -> {
            assertThat(problem.path()).isEqualTo(path);
            assertThat(problem.message()).contains(message);
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRules")
    void parse_badRuleFromText_placesProblemOnALine(String name, String text, String path, String message) {
        RuleParseResult result = RouteRuleCodec.parse(text);

        boolean documentLevel = text.isBlank() || text.startsWith("#") || text.length() > RouteRuleCodec.MAX_TEXT_BYTES;
        if (!documentLevel && !name.equals("alias bomb")) {
            assertThat(result.problems()).as("problems of '%s'", name).allSatisfy(problem -> assertThat(problem.line())
                    .isPositive());
        }
    }

    @org.junit.jupiter.api.Test
    void parse_ruleOfAnotherModel_namesTheKey() {
        RuleParseResult result = RouteRuleCodec.parse("fraud", rule(""));

        assertThat(result.problems())
                .singleElement()
                .extracting(RuleProblem::toString)
                .isEqualTo("model (line 1, column 8): 'sentiment' does not match the key's model 'fraud'; the rule of"
                        + " a model is stored under 'fraud.model-route'");
    }

    @org.junit.jupiter.api.Test
    void parse_severalProblems_reportsAllOfThem() {
        RuleParseResult result =
                RouteRuleCodec.parse("model: m\nbogus: 1\ntraffic:\n  - version: 1\n    weight: -1\nstickyKey: X\n");

        assertThat(result.problems())
                .extracting(RuleProblem::path)
                .containsExactlyInAnyOrder("bogus", "traffic[0].weight", "stickyKey");
    }

    private static String modelOf(String text) {
        return text.startsWith("model: sentiment") ? "sentiment" : "";
    }

    private static String aliasBomb() {
        StringBuilder text = new StringBuilder("model: m\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (int i = 1; i < 10; i++) {
            text.append("a").append(i).append(": &a").append(i).append(" [");
            for (int j = 0; j < 10; j++) {
                text.append(j == 0 ? "" : ", ").append("*a").append(i - 1);
            }
            text.append("]\n");
        }
        return text.toString();
    }

    private static Arguments bad(String name, String text, String path, String message) {
        return Arguments.of(name, text, path, message);
    }
}
