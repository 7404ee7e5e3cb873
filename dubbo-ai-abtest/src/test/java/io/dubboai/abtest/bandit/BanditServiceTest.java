package io.dubboai.abtest.bandit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dubboai.abtest.MetricKind;
import io.dubboai.controlplane.store.FileDocumentStore;
import io.dubboai.controlplane.testing.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.apache.commons.statistics.distribution.BinomialDistribution;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BanditServiceTest {

    @TempDir
    Path dir;

    MutableClock clock;
    FileDocumentStore store;
    BanditService service;

    @BeforeEach
    void setUp() {
        clock = new MutableClock();
        store = new FileDocumentStore(dir);
        service = new BanditService(store, clock);
    }

    @Test
    void thompsonWhenOneArmConvertsBetterShouldShiftWeightsAtBoundedRateDownToFloor() {
        BanditSettings settings = BanditSettings.defaults(Algorithm.THOMPSON_SAMPLING);
        service.create(BanditState.initial("risk", MetricKind.CONVERSION, settings, List.of("1", "2")));
        UniformRandomProvider random = RandomSource.XO_RO_SHI_RO_128_PP.create(3L);
        Map<String, Double> rates = Map.of("1", 0.10, "2", 0.15);

        Map<String, Integer> previous = Map.of("1", 50, "2", 50);
        for (int round = 0; round < 30; round++) {
            // 2,000 units a round, split by the current weights
            Map<String, Reward> rewards = new HashMap<>();
            for (Map.Entry<String, Integer> weight : previous.entrySet()) {
                int units = 20 * weight.getValue();
                double rate = rates.get(weight.getKey());
                int conversions = BinomialDistribution.of(units, rate)
                        .createSampler(random)
                        .sample();
                rewards.put(weight.getKey(), Reward.conversions(units, conversions));
            }
            service.record("risk", rewards);
            clock.advance(settings.minInterval());

            Reweighing result = service.reweigh("risk");

            Map<String, Integer> weights = result.state().weights();
            for (String arm : weights.keySet()) {
                assertThat(Math.abs(weights.get(arm) - previous.get(arm)))
                        .isLessThanOrEqualTo(settings.maxStepPercent());
                assertThat(weights.get(arm)).isGreaterThanOrEqualTo(settings.floorPercent());
            }
            previous = weights;
        }
        // after 60,000 units the better arm holds everything but the loser's 5 % floor
        assertThat(previous).containsEntry("2", 95).containsEntry("1", 5);
        assertThat(service.find("risk").orElseThrow().arms().stream()
                        .mapToLong(ArmStats::units)
                        .sum())
                .isEqualTo(60_000);
    }

    @Test
    void reweighWhenTooFewUnitsOrTooSoonShouldLeaveWeights() {
        BanditSettings settings = BanditSettings.defaults(Algorithm.EPSILON_GREEDY);
        service.create(BanditState.initial("ranker", MetricKind.CONVERSION, settings, List.of("a", "b", "c")));
        assertThat(service.find("ranker").orElseThrow().weights())
                .containsExactly(Map.entry("a", 34), Map.entry("b", 33), Map.entry("c", 33));

        service.record("ranker", Map.of("a", Reward.conversions(100, 5), "b", Reward.conversions(100, 30)));
        assertThat(service.reweigh("ranker").outcome()).isEqualTo(Reweighing.Outcome.COLLECTING);

        service.record("ranker", Map.of("c", Reward.conversions(100, 10)));
        Reweighing first = service.reweigh("ranker");
        assertThat(first.outcome()).isEqualTo(Reweighing.Outcome.CHANGED);
        // epsilon-greedy targets b with 0.9 + 0.1/3 of the free 85 points: b moves by the full 10-point step
        assertThat(first.state().weights().get("b")).isEqualTo(43);

        clock.advance(settings.minInterval().minusSeconds(1));
        assertThat(service.reweigh("ranker").outcome()).isEqualTo(Reweighing.Outcome.NOT_DUE);
        clock.advance(Duration.ofSeconds(1));
        assertThat(service.reweigh("ranker").outcome()).isEqualTo(Reweighing.Outcome.CHANGED);
    }

    @Test
    void reweighWhenTwoReplicasReadSameStateShouldComputeSameWeights() {
        BanditState state = BanditState.initial(
                        "agree",
                        MetricKind.CONVERSION,
                        BanditSettings.defaults(Algorithm.THOMPSON_SAMPLING),
                        List.of("1", "2", "3"))
                .plus(Map.of(
                        "1", Reward.conversions(500, 50),
                        "2", Reward.conversions(500, 58),
                        "3", Reward.conversions(500, 47)));

        // Thompson sampling is seeded with the state's name and revision: each replica gets the same draws
        assertThat(BanditService.nextWeights(state)).isEqualTo(BanditService.nextWeights(state));
    }

    @Test
    void recordWhenUnknownArmShouldNameArmsAndAddNothing() {
        service.create(BanditState.initial(
                "risk",
                MetricKind.CONVERSION,
                BanditSettings.defaults(Algorithm.THOMPSON_SAMPLING),
                List.of("1", "2")));

        assertThatIllegalArgumentException()
                .isThrownBy(() ->
                        service.record("risk", Map.of("1", Reward.conversions(10, 1), "7", Reward.conversions(10, 1))))
                .withMessage("unknown arm(s) [7] for bandit 'risk'; its arms are [1, 2]");
        assertThat(service.find("risk").orElseThrow().arms().get(0).units()).isZero();
    }

    @Test
    void recordWhenNoBanditShouldSayCreateFirst() {
        assertThatThrownBy(() -> service.record("ghost", Map.of()))
                .isInstanceOf(NoSuchElementException.class)
                .hasMessage("no bandit 'ghost'; create it first");
    }

    @Test
    void createWhenNameTakenShouldRefuse() {
        BanditState state = BanditState.initial(
                "risk", MetricKind.NUMERIC, BanditSettings.defaults(Algorithm.THOMPSON_SAMPLING), List.of("1", "2"));
        service.create(state);

        assertThatThrownBy(() -> service.create(state))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("bandit 'risk' exists already; delete it first or choose another name");
    }

    @Test
    void stateWhenStoredShouldReadBackEqual() {
        BanditState state = BanditState.initial(
                        "round-trip",
                        MetricKind.NUMERIC,
                        BanditSettings.defaults(Algorithm.THOMPSON_SAMPLING),
                        List.of("1", "2"))
                .plus(Map.of("1", Reward.values(1.5, 2.5, 3.0)))
                .withWeights(Map.of("1", 70, "2", 30), Instant.parse("2026-01-01T00:01:00Z"));
        service.create(state);

        assertThat(service.find("round-trip")).contains(state);
        assertThat(store.read(BanditService.KEY_PREFIX + "round-trip")
                        .orElseThrow()
                        .content())
                .contains("\"minInterval\":\"PT1M\"")
                .contains("\"reweighedAt\":\"2026-01-01T00:01:00Z\"");
    }
}
