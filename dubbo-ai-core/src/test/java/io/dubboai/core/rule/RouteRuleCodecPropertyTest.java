package io.dubboai.core.rule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.dubboai.core.contract.Accelerator;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Seeded random inputs: the reader never throws and always explains a rejection, and every valid rule survives
 * a write and a read unchanged. The seeds are fixed so a failure reproduces; the seed is in the message.
 */
final class RouteRuleCodecPropertyTest {

    private static final int RUNS = 3_000;

    @Test
    void parse_randomBytes_neverThrowsAndExplainsEveryRejection() {
        for (int seed = 0; seed < RUNS; seed++) {
            Random random = new Random(seed);
            byte[] bytes = new byte[random.nextInt(300)];
            random.nextBytes(bytes);
            assertParsesSafely(new String(bytes, StandardCharsets.UTF_8), "random bytes, seed " + seed);
        }
    }

    @Test
    void parse_mutatedValidRule_neverThrowsAndExplainsEveryRejection() {
        String valid = RouteRuleCodec.encode(randomRule(new Random(42)));
        String alphabet = " \t\n:-[]{}&*!|>'\"#%@`,?0123456789abcxyz\u00e9\u4e2d";
        for (int seed = 0; seed < RUNS; seed++) {
            Random random = new Random(seed);
            StringBuilder text = new StringBuilder(valid);
            int edits = 1 + random.nextInt(5);
            for (int i = 0; i < edits && text.length() > 0; i++) {
                int at = random.nextInt(text.length());
                switch (random.nextInt(3)) {
                    case 0 -> text.deleteCharAt(at);
                    case 1 -> text.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
                    default -> text.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
                }
            }
            assertParsesSafely(text.toString(), "mutation, seed " + seed);
        }
    }

    @Test
    void encode_randomValidRule_roundTripsToAnEqualRule() {
        for (int seed = 0; seed < RUNS; seed++) {
            ModelRouteRule rule = randomRule(new Random(seed));

            String text = RouteRuleCodec.encode(rule);
            RuleParseResult read = RouteRuleCodec.parse(rule.model(), text);

            assertThat(read.problems()).as("seed %d, text:%n%s", seed, text).isEmpty();
            assertThat(read.rule()).as("seed %d", seed).isEqualTo(rule);
        }
    }

    private static void assertParsesSafely(String text, String description) {
        assertThatCode(() -> {
                    RuleParseResult result = RouteRuleCodec.parse(text);
                    if (!result.isValid()) {
                        // "could not be read" is parse()'s safety net for an exception inside the reader: a bug
                        assertThat(result.problems()).isNotEmpty().allSatisfy(problem -> assertThat(problem.message())
                                .isNotBlank()
                                .doesNotContain("could not be read as a rule"));
                    }
                })
                .as(description)
                .doesNotThrowAnyException();
    }

    /** A valid rule with random fields: 1..5 versions whose weights sum to 100, aliases onto them, etc. */
    static ModelRouteRule randomRule(Random random) {
        ModelRouteRule.Builder builder = ModelRouteRule.builder("model-" + random.nextInt(1000));
        int versions = 1 + random.nextInt(5);
        List<String> names = new ArrayList<>();
        int left = TrafficSplit.TOTAL_WEIGHT;
        for (int i = 0; i < versions; i++) {
            String version = random.nextBoolean() ? String.valueOf(i + 1) : "v" + (i + 1) + ".0";
            int weight = i == versions - 1 ? left : random.nextInt(left + 1);
            left -= weight;
            builder.traffic(version, weight);
            names.add(version);
        }
        if (random.nextBoolean()) {
            builder.alias("champion", names.get(random.nextInt(versions)));
        }
        if (random.nextBoolean()) {
            builder.alias("challenger", names.get(random.nextInt(versions)));
        }
        if (random.nextBoolean()) {
            builder.gpu(new GpuConstraints(
                    Accelerator.GPU,
                    random.nextBoolean() ? List.of("H100") : List.of("A100", "L4"),
                    random.nextInt(3) * 8192L));
        }
        if (random.nextBoolean()) {
            builder.stickyKey("user-id");
        }
        if (random.nextBoolean()) {
            builder.fallback(Fallback.toVersion(names.get(0)));
        }
        if (random.nextBoolean()) {
            double percent = random.nextBoolean() ? 1 + random.nextInt(100) : (1 + random.nextInt(9999)) / 100.0;
            builder.shadow(new ShadowTraffic(names.get(random.nextInt(versions)), percent));
        }
        return builder.enabled(random.nextInt(4) > 0).build();
    }
}
