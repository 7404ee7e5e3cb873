package io.dubboai.router.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import io.dubboai.core.rule.TrafficSplit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The split's math. Counts are checked against the binomial distribution with a tolerance of {@value #Z} standard
 * deviations (a correct implementation fails one check with probability below 1e-5); the hash is deterministic,
 * so a pass is reproducible.
 */
class WeightedSplitTest {

    private static final double Z = 4.5;
    private static final int KEYS = 100_000;

    private static WeightedSplit split(Object... versionWeight) {
        TrafficSplit[] splits = new TrafficSplit[versionWeight.length / 2];
        for (int i = 0; i < splits.length; i++) {
            splits[i] = new TrafficSplit((String) versionWeight[2 * i], (Integer) versionWeight[2 * i + 1]);
        }
        return WeightedSplit.of(List.of(splits));
    }

    private static double sd(int n, double p) {
        return Math.sqrt(n * p * (1 - p));
    }

    private static Map<String, String> assign(WeightedSplit split) {
        Map<String, String> byKey = new HashMap<>();
        for (int k = 0; k < KEYS; k++) {
            byKey.put("user-" + k, split.sticky("user-" + k));
        }
        return byKey;
    }

    private static Map<String, Integer> count(Map<String, String> assignment) {
        Map<String, Integer> counts = new HashMap<>();
        assignment.values().forEach(v -> counts.merge(v, 1, Integer::sum));
        return counts;
    }

    @Test
    void sticky_manyKeys_spreadAsTheWeights() {
        Map<String, Integer> counts = count(assign(split("1", 60, "2", 30, "3", 10)));

        assertThat((double) counts.get("1")).isCloseTo(KEYS * 0.6, offset(Z * sd(KEYS, 0.6)));
        assertThat((double) counts.get("2")).isCloseTo(KEYS * 0.3, offset(Z * sd(KEYS, 0.3)));
        assertThat((double) counts.get("3")).isCloseTo(KEYS * 0.1, offset(Z * sd(KEYS, 0.1)));
    }

    @Test
    void sticky_sameKey_sameVersionOnEveryInstance() {
        WeightedSplit one = split("1", 50, "2", 50);
        WeightedSplit other = split("2", 50, "1", 50);

        for (int k = 0; k < 1000; k++) {
            // order in the rule does not matter, and a second instance (another consumer) agrees
            assertThat(other.sticky("k" + k)).isEqualTo(one.sticky("k" + k));
        }
    }

    @Test
    void sticky_ninetyTenToFiftyFifty_onlyKeysThatMustMove() {
        Map<String, String> before = assign(split("1", 90, "2", 10));
        Map<String, String> after = assign(split("1", 50, "2", 50));

        long twoToOne = before.keySet().stream()
                .filter(k -> before.get(k).equals("2") && after.get(k).equals("1"))
                .count();
        long oneToTwo = before.keySet().stream()
                .filter(k -> before.get(k).equals("1") && after.get(k).equals("2"))
                .count();
        // version 2 grows by 40 points: it keeps all its keys and takes 40% of all keys, the least possible
        assertThat(twoToOne).isZero();
        assertThat((double) oneToTwo).isCloseTo(KEYS * 0.4, offset(Z * sd(KEYS, 0.4)));
    }

    @Test
    void sticky_versionRemoved_onlyItsKeysMove() {
        Map<String, String> before = assign(split("1", 40, "2", 30, "3", 30));
        Map<String, String> after = assign(split("2", 50, "3", 50));

        before.forEach((key, version) -> {
            if (!version.equals("1")) {
                assertThat(after.get(key)).as(key).isEqualTo(version);
            }
        });
    }

    @Test
    void sticky_weightZero_neverChosen() {
        WeightedSplit split = split("1", 100, "2", 0);

        assertThat(count(assign(split))).containsOnlyKeys("1");
    }

    @Test
    void random_manyDraws_spreadAsTheWeights() {
        WeightedSplit split = split("1", 70, "2", 30);
        int draws = 200_000;
        int ones = 0;
        for (int i = 0; i < draws; i++) {
            if (split.random().equals("1")) {
                ones++;
            }
        }

        assertThat((double) ones).isCloseTo(draws * 0.7, offset(Z * sd(draws, 0.7)));
    }

    @Test
    void of_weightsNotSummingToHundred_rejectedWithReason() {
        assertThatThrownBy(() -> split("1", 60, "2", 30))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("weights sum to 90, expected 100");
    }
}
