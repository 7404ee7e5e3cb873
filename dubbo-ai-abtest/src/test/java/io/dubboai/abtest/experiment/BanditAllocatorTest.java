package io.dubboai.abtest.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dubboai.abtest.MetricKind;
import io.dubboai.abtest.bandit.Algorithm;
import io.dubboai.abtest.bandit.ArmStats;
import io.dubboai.abtest.bandit.BanditService;
import io.dubboai.abtest.bandit.BanditState;
import io.dubboai.abtest.ledger.Exposure;
import io.dubboai.abtest.ledger.MetricTally;
import io.dubboai.abtest.ledger.Outcome;
import io.dubboai.abtest.ledger.Tally;
import io.dubboai.abtest.ledger.UnitLedger;
import io.dubboai.abtest.ledger.VariantTally;
import io.dubboai.controlplane.rule.RouteRuleEditor;
import io.dubboai.controlplane.store.ConfigCenterDocumentStore;
import io.dubboai.controlplane.store.ConfigCenters;
import io.dubboai.controlplane.store.DocumentStore;
import io.dubboai.controlplane.testing.Concurrently;
import io.dubboai.controlplane.testing.MutableClock;
import io.dubboai.controlplane.zookeeper.EmbeddedZooKeeper;
import io.dubboai.core.rule.ModelRouteRule;
import io.dubboai.core.rule.RouteRuleCodec;
import io.dubboai.core.rule.RouteRules;
import io.dubboai.router.internal.WeightedSplit;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import org.apache.dubbo.common.config.configcenter.DynamicConfiguration;
import org.apache.dubbo.rpc.model.FrameworkModel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An adaptive experiment on a real (embedded) ZooKeeper, driven by two replicas at once, each with its own config
 * center and document store clients. Synthetic users are assigned as every consumer's router assigns them: the rule
 * read back from ZooKeeper, the router's sticky weighted split over the user id.
 */
class BanditAllocatorTest {

    private static final double CONTROL_RATE = 0.05;
    private static final double TREATMENT_RATE = 0.15;
    private static final int USERS_PER_ROUND = 2_000;

    @TempDir
    static Path temp;

    static EmbeddedZooKeeper zooKeeper;
    static List<FrameworkModel> frameworks = new ArrayList<>();
    static List<DocumentStore> stores = new ArrayList<>();
    static DynamicConfiguration reader;

    @BeforeAll
    static void start() {
        zooKeeper = EmbeddedZooKeeper.start(temp.resolve("zk"), 0);
        FrameworkModel framework = new FrameworkModel();
        frameworks.add(framework);
        reader = ConfigCenters.open(zooKeeper.dubboAddress(), framework.newApplication());
    }

    @AfterAll
    static void stop() {
        stores.forEach(DocumentStore::close);
        frameworks.forEach(FrameworkModel::destroy);
        zooKeeper.close();
    }

    /** One control-plane replica: its own clients of the same ZooKeeper. */
    record Replica(ExperimentService experiments, BanditAllocator allocator) {

        static Replica open(MutableClock clock) {
            FrameworkModel framework = new FrameworkModel();
            frameworks.add(framework);
            RouteRuleEditor rules =
                    RouteRuleEditor.on(ConfigCenters.open(zooKeeper.dubboAddress(), framework.newApplication()));
            DocumentStore store = ConfigCenterDocumentStore.open(zooKeeper.dubboAddress(), "dubbo-ai-abtest");
            stores.add(store);
            ExperimentService experiments = new ExperimentService(store, rules, MetricCatalog.defaults(), clock);
            return new Replica(experiments, new BanditAllocator(new BanditService(store, clock), experiments, rules));
        }
    }

    static ExperimentSpec adaptive(String id, String model) {
        return new ExperimentSpec(
                        id,
                        model,
                        "user-id",
                        List.of(new Variant("control", "champion", 50), new Variant("treatment", "2", 50)),
                        "conversion",
                        List.of(),
                        Design.fixed(100_000))
                .withBandit(new BanditDesign(Algorithm.THOMPSON_SAMPLING, 5, 200L, 10, 60L, null));
    }

    static void publish(ModelRouteRule rule) {
        reader.publishConfig(RouteRules.ruleKey(rule.model()), RouteRules.GROUP, RouteRuleCodec.encode(rule));
    }

    static ModelRouteRule ruleOf(String model) {
        return RouteRuleCodec.parse(reader.getConfig(RouteRules.ruleKey(model), RouteRules.GROUP))
                .orElseThrow();
    }

    static Map<String, Integer> weightsOf(ModelRouteRule rule) {
        Map<String, Integer> weights = new LinkedHashMap<>();
        rule.traffic().forEach(split -> weights.put(split.version(), split.weight()));
        return weights;
    }

    @Test
    void stepWhenTreatmentConvertsBetterShouldMoveRoutedTrafficToItBoundedAndReplicasShouldAgree() throws Exception {
        MutableClock clock = new MutableClock();
        Replica first = Replica.open(clock);
        Replica second = Replica.open(clock);
        DocumentStore ledgerStore = stores.get(0);
        UnitLedger ledger = new UnitLedger(ledgerStore);
        publish(ModelRouteRule.builder("shop")
                .traffic("1", 100)
                .traffic("2", 0)
                .alias("champion", "1")
                .build());
        first.experiments().create(adaptive("shop-bandit", "shop"));
        Experiment running = first.experiments().start("shop-bandit");
        assertThat(weightsOf(ruleOf("shop"))).containsExactly(Map.entry("1", 50), Map.entry("2", 50));

        Random random = new Random(42);
        List<Integer> treatmentWeights = new ArrayList<>(List.of(50));
        for (int round = 0; round < 8; round++) {
            ModelRouteRule rule = ruleOf("shop");
            int treatmentWeight = weightsOf(rule).get("2");
            // consumers: new users routed by the rule as stored, sticky on the user id
            WeightedSplit split = WeightedSplit.of(rule.traffic());
            List<Exposure> exposures = new ArrayList<>();
            List<Outcome> outcomes = new ArrayList<>();
            int toTreatment = 0;
            for (int i = 0; i < USERS_PER_ROUND; i++) {
                String user = "user-" + round + "-" + i;
                String version = split.sticky(user);
                String variant = running.variantOf(version).orElseThrow();
                toTreatment += variant.equals("treatment") ? 1 : 0;
                exposures.add(new Exposure(user, variant, clock.instant()));
                double rate = variant.equals("treatment") ? TREATMENT_RATE : CONTROL_RATE;
                if (random.nextDouble() < rate) {
                    outcomes.add(new Outcome(user, "conversion", 1, null));
                }
            }
            // the routed share follows the rule's weight (binomial sd at 2,000 users: at most 1.2 points)
            assertThat(100.0 * toTreatment / USERS_PER_ROUND)
                    .isCloseTo(treatmentWeight, org.assertj.core.data.Offset.offset(5.0));
            ledger.recordExposures("shop-bandit", Set.of("control", "treatment"), exposures);
            ledger.recordOutcomes("shop-bandit", Map.of("conversion", MetricKind.CONVERSION), outcomes);
            Map<String, ArmStats> totals = totals(ledger.tally(
                    "shop-bandit", List.of("control", "treatment"), Map.of("conversion", MetricKind.CONVERSION)));

            // both replicas step at the same moment
            List<Callable<BanditAllocator.Step>> steps = new ArrayList<>();
            for (Replica replica : List.of(first, second)) {
                steps.add(() -> replica.allocator()
                        .step(replica.experiments().find("shop-bandit").orElseThrow(), MetricKind.CONVERSION, totals));
            }
            List<BanditAllocator.Step> done = Concurrently.runTogether(steps);

            BanditState stored = first.allocator().state("shop-bandit").orElseThrow();
            Map<String, Integer> ruleWeights = weightsOf(ruleOf("shop"));
            // the rule carries exactly the bandit's stored weights: no replica left an older split behind
            assertThat(ruleWeights)
                    .containsExactly(
                            Map.entry("1", stored.weights().get("control")),
                            Map.entry("2", stored.weights().get("treatment")));
            // at most one move per interval, however many replicas step
            assertThat(done.stream().filter(step -> step.reweighing().changed()))
                    .hasSizeLessThanOrEqualTo(1);
            int now = ruleWeights.get("2");
            int before = treatmentWeights.get(treatmentWeights.size() - 1);
            assertThat(now - before).isBetween(0, 10);
            assertThat(ruleWeights.get("1")).isGreaterThanOrEqualTo(5);
            treatmentWeights.add(now);
            clock.advance(Duration.ofSeconds(61));
        }
        // the better arm won the split, step by step, and the control kept its floor
        assertThat(treatmentWeights).startsWith(50, 60, 70).endsWith(95);
        assertThat(ruleOf("shop").aliases()).containsEntry("champion", "1");
        assertThat(ruleOf("shop").stickyKey()).isEqualTo("user-id");

        // a stop restores the split, and a late step of a replica does not overwrite it
        first.experiments().stop("shop-bandit");
        Experiment stopped = second.experiments().find("shop-bandit").orElseThrow();
        BanditAllocator.Step late = second.allocator().step(stopped, MetricKind.CONVERSION, Map.of());
        assertThat(late.ruleWritten()).isFalse();
        assertThat(weightsOf(ruleOf("shop"))).containsExactly(Map.entry("1", 100), Map.entry("2", 0));
    }

    @Test
    void stepWhenTooFewUnitsShouldKeepTheAllocationsAndWhenFixedSplitShouldRefuse() {
        MutableClock clock = new MutableClock();
        Replica replica = Replica.open(clock);
        publish(ModelRouteRule.builder("cart")
                .traffic("1", 100)
                .traffic("2", 0)
                .alias("champion", "1")
                .build());
        replica.experiments().create(adaptive("cart-bandit", "cart"));
        Experiment running = replica.experiments().start("cart-bandit");

        BanditAllocator.Step step = replica.allocator()
                .step(
                        running,
                        MetricKind.CONVERSION,
                        Map.of(
                                "control", new ArmStats("control", 150, 3, 3),
                                "treatment", new ArmStats("treatment", 150, 40, 40)));

        assertThat(step.reweighing().outcome()).isEqualTo(io.dubboai.abtest.bandit.Reweighing.Outcome.COLLECTING);
        assertThat(step.ruleWritten()).isFalse();
        assertThat(weightsOf(ruleOf("cart"))).containsExactly(Map.entry("1", 50), Map.entry("2", 50));
        replica.experiments().stop("cart-bandit");

        ExperimentSpec fixed = ExperimentServiceTest.spec("cart-fixed", "cart", "champion", "2");
        Experiment draft = replica.experiments().create(fixed);
        assertThatThrownBy(() -> replica.allocator().step(draft, MetricKind.CONVERSION, Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("fixed split");
    }

    private static Map<String, ArmStats> totals(Tally tally) {
        Map<String, ArmStats> totals = new LinkedHashMap<>();
        for (VariantTally variant : tally.variants()) {
            MetricTally metric = variant.metric("conversion");
            totals.put(
                    variant.variant(),
                    new ArmStats(variant.variant(), metric.n(), metric.sum(), metric.sumOfSquares()));
        }
        return totals;
    }
}
