package io.dubboai.router;

import static io.dubboai.core.contract.ModelAttachments.ALIAS;
import static io.dubboai.core.contract.ModelAttachments.STICKY_KEY;
import static io.dubboai.core.contract.ModelAttachments.VERSION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.dubboai.controlplane.zookeeper.EmbeddedZooKeeper;
import io.dubboai.core.contract.Accelerator;
import io.dubboai.core.rule.Fallback;
import io.dubboai.core.rule.GpuConstraints;
import io.dubboai.core.rule.ModelRouteRule;
import io.dubboai.core.rule.TrafficSplit;
import io.dubboai.router.internal.WeightedSplit;
import io.dubboai.router.metrics.RouterMetricNames;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.dubbo.rpc.RpcException;
import org.apache.dubbo.rpc.cluster.router.RouterSnapshotSwitcher;
import org.apache.dubbo.rpc.model.FrameworkModel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The router end to end: five provider applications (versions 1, 2 and 3; GPU and CPU-only) and one consumer, each
 * with its own Dubbo application model, over loopback and an embedded ZooKeeper that is registry and config center.
 * Rules are written to ZooKeeper as an operator would; the consumer picks them up through its config center.
 *
 * <p>Statistical checks use a tolerance of {@value #Z} binomial standard deviations: the chance that a correct
 * router fails one such check is below 1e-5.
 */
class ModelRouterTest {

    /** Standard deviations allowed for a binomial count; P(|Z| > 4.5) is about 7e-6. */
    private static final double Z = 4.5;

    private static final Duration RULE_TIMEOUT = Duration.ofSeconds(20);

    @TempDir
    static Path zkDir;

    private static EmbeddedZooKeeper zooKeeper;
    private static RulePublisher publisher;
    private static final List<ModelProvider> providers = new ArrayList<>();
    private static ModelConsumer consumer;
    private static final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @BeforeAll
    static void startProvidersAndConsumer() throws InterruptedException {
        // the router binds its counters to Micrometer's global registry by itself; this one reads them
        Metrics.addRegistry(meters);
        zooKeeper = EmbeddedZooKeeper.start(zkDir, 0);
        publisher = new RulePublisher(zooKeeper.connectString());
        String registry = zooKeeper.dubboAddress();
        providers.add(ModelProvider.cpu(registry, "p1a", "1", null));
        providers.add(ModelProvider.cpu(registry, "p1b", "1", 50));
        providers.add(ModelProvider.gpu(registry, "p2", "2", "NVIDIA T4", 16_384));
        providers.add(ModelProvider.gpu(registry, "p3g", "3", "NVIDIA H100 80GB HBM3", 81_559));
        providers.add(ModelProvider.cpu(registry, "p3c", "3", null));
        consumer = new ModelConsumer(registry);
        // every version reachable, and both providers of version 3 known to the consumer
        await().atMost(RULE_TIMEOUT).untilAsserted(() -> {
            assertThat(consumer.call(Map.of(VERSION, "1"))).startsWith("1@");
            assertThat(consumer.call(Map.of(VERSION, "2"))).isEqualTo("2@p2");
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < 40; i++) {
                seen.add(consumer.call(Map.of(VERSION, "3")));
            }
            assertThat(seen).containsExactlyInAnyOrder("3@p3g", "3@p3c");
        });
    }

    @AfterAll
    static void stopAll() {
        if (consumer != null) {
            consumer.close();
        }
        providers.forEach(ModelProvider::close);
        if (publisher != null) {
            publisher.close();
        }
        if (zooKeeper != null) {
            zooKeeper.close();
        }
        Metrics.removeRegistry(meters);
    }

    // ---- helpers ----

    private static ModelRouteRule.Builder rule() {
        return ModelRouteRule.builder(ModelProvider.MODEL);
    }

    /** Publishes {@code rule} and waits until every router of the consumer applies it. */
    private static void apply(ModelRouteRule rule) {
        publisher.publish(rule);
        await().atMost(RULE_TIMEOUT)
                .until(() -> rule.equals(consumer.ruleStatus().rule())
                        && !consumer.ruleStatus().hasProblems());
    }

    private static String versionOf(String answer) {
        return answer.substring(0, answer.indexOf('@'));
    }

    private static Map<String, Integer> countVersions(int calls, Map<String, String> attachments) {
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < calls; i++) {
            counts.merge(versionOf(consumer.call(attachments)), 1, Integer::sum);
        }
        return counts;
    }

    private static double sd(int n, double p) {
        return Math.sqrt(n * p * (1 - p));
    }

    // ---- tests ----

    @Test
    void routeWhenVersionPinnedShouldUseOnlyThatVersionEvenAgainstTheSplit() {
        apply(rule().traffic("1", 100).traffic("2", 0).traffic("3", 0).build());

        assertThat(countVersions(200, Map.of(VERSION, "2"))).containsOnlyKeys("2");
        assertThat(versionOf(consumer.callGeneric(Map.of(VERSION, "3")))).isEqualTo("3");
    }

    @Test
    void routeWhenAliasGivenShouldResolveItThroughTheRuleForTypedAndGenericCalls() {
        apply(rule().traffic("1", 100)
                .traffic("2", 0)
                .traffic("3", 0)
                .alias("champion", "3")
                .alias("challenger", "2")
                .build());

        assertThat(countVersions(100, Map.of(ALIAS, "champion"))).containsOnlyKeys("3");
        assertThat(countVersions(100, Map.of(ALIAS, "challenger"))).containsOnlyKeys("2");
        assertThat(versionOf(consumer.callGeneric(Map.of(ALIAS, "champion")))).isEqualTo("3");
        // a pinned version wins over the alias
        assertThat(versionOf(consumer.call(Map.of(ALIAS, "champion", VERSION, "1"))))
                .isEqualTo("1");
    }

    @Test
    void routeWhenRuleDisabledShouldIgnoreSplitAndAliasesButHonourPins() {
        apply(rule().enabled(false)
                .traffic("1", 0)
                .traffic("2", 100)
                .traffic("3", 0)
                .alias("champion", "2")
                .build());

        // version 1 has two providers, 2 one, 3 two: any of them may serve, the 100% split is not applied
        assertThat(countVersions(200, Map.of(ALIAS, "champion")).keySet()).hasSizeGreaterThan(1);
        assertThat(countVersions(20, Map.of(VERSION, "3"))).containsOnlyKeys("3");
    }

    @Test
    void routeWhenWeightedShouldMatchTheSplitWithinBinomialTolerance() {
        apply(rule().traffic("1", 60).traffic("2", 30).traffic("3", 10).build());
        int calls = 2400;

        Map<String, Integer> counts = countVersions(calls, Map.of());

        Map<String, Double> expected = Map.of("1", 0.6, "2", 0.3, "3", 0.1);
        assertThat(counts).containsOnlyKeys(expected.keySet());
        expected.forEach((version, p) -> assertThat((double) counts.get(version))
                .as("calls to version %s out of %d with p=%s", version, calls, p)
                .isCloseTo(calls * p, org.assertj.core.data.Offset.offset(Z * sd(calls, p))));
    }

    @Test
    void routeWhenStickyKeyGivenShouldKeepTheKeyOnOneVersionAndMoveOnlyKeysThatMust() {
        ModelRouteRule ninetyTen = rule().traffic("1", 90).traffic("2", 10).build();
        apply(ninetyTen);

        // one key, 1,000 calls: one version
        assertThat(countVersions(1000, Map.of(STICKY_KEY, "user-42"))).hasSize(1);

        int keys = 600;
        Map<String, String> before = new HashMap<>();
        for (int k = 0; k < keys; k++) {
            before.put("user-" + k, versionOf(consumer.call(Map.of(STICKY_KEY, "user-" + k))));
        }
        ModelRouteRule fiftyFifty =
                ninetyTen.withTraffic(List.of(new TrafficSplit("1", 50), new TrafficSplit("2", 50)));
        apply(fiftyFifty);
        Map<String, String> after = new HashMap<>();
        for (int k = 0; k < keys; k++) {
            after.put("user-" + k, versionOf(consumer.call(Map.of(STICKY_KEY, "user-" + k))));
        }

        // every consumer computes the same assignment from the rule alone
        WeightedSplit oldSplit = WeightedSplit.of(ninetyTen.traffic());
        WeightedSplit newSplit = WeightedSplit.of(fiftyFifty.traffic());
        before.forEach((key, version) -> assertThat(version).isEqualTo(oldSplit.sticky(key)));
        after.forEach((key, version) -> assertThat(version).isEqualTo(newSplit.sticky(key)));
        // only keys that must move do: version 2 grows from 10% to 50%, so no key leaves it, and the keys that move
        // (1 → 2) are 40% of all keys, within binomial tolerance
        long leftTwo = before.entrySet().stream()
                .filter(e -> e.getValue().equals("2") && after.get(e.getKey()).equals("1"))
                .count();
        long moved = before.entrySet().stream()
                .filter(e -> !e.getValue().equals(after.get(e.getKey())))
                .count();
        assertThat(leftTwo).isZero();
        assertThat((double) moved).isCloseTo(keys * 0.4, org.assertj.core.data.Offset.offset(Z * sd(keys, 0.4)));
    }

    @Test
    void routeWhenGpuConstrainedShouldUseOnlyMatchingProviders() {
        GpuConstraints h100 = new GpuConstraints(Accelerator.GPU, List.of("H100"), 40_000);
        apply(rule().traffic("1", 0).traffic("2", 0).traffic("3", 100).gpu(h100).build());

        Set<String> served = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            served.add(consumer.call(Map.of()));
        }

        // version 3 has a CPU provider (p3c) and an H100 (p3g); only the H100 qualifies
        assertThat(served).containsExactly("3@p3g");
        // version 2 only has a T4 with 16 GiB: nothing qualifies, the fallback is 'fail'
        assertThatThrownBy(() -> consumer.call(Map.of(VERSION, "2")))
                .isInstanceOf(RpcException.class)
                .hasMessageContaining("model 'sentiment'")
                .hasMessageContaining("version '2'")
                .hasMessageContaining("{1=2, 2=1, 3=2}")
                .hasMessageContaining("GPU constraints: [3]");
    }

    @Test
    void routeWhenVersionHasNoProviderAndFallbackIsFailShouldNameModelVersionAndAvailableVersions() {
        apply(rule().traffic("1", 100).traffic("7", 0).build());

        assertThatThrownBy(() -> consumer.call(Map.of(VERSION, "7")))
                .isInstanceOf(RpcException.class)
                .hasMessageContaining("model 'sentiment' version '7'")
                .hasMessageContaining("pinned")
                .hasMessageContaining("versions with providers: {1=2, 2=1, 3=2}")
                .hasMessageContaining("fallback is 'fail'");
        assertThatThrownBy(() -> consumer.callGeneric(Map.of(ALIAS, "nobody")))
                .isInstanceOf(RpcException.class)
                .hasMessageContaining("alias 'nobody' is not defined");
    }

    @Test
    void routeWhenVersionHasNoProviderAndFallbackIsStableVersionShouldUseIt() {
        apply(rule().traffic("2", 50)
                .traffic("7", 50)
                .fallback(Fallback.toVersion("2"))
                .build());

        // pinned to a version without providers, and half the weighted calls: all land on the stable version
        assertThat(countVersions(50, Map.of(VERSION, "7"))).containsOnlyKeys("2");
        assertThat(countVersions(200, Map.of())).containsOnlyKeys("2");

        // GPU constraints that version 1 cannot meet also fall back
        apply(rule().traffic("1", 100)
                .traffic("3", 0)
                .gpu(new GpuConstraints(Accelerator.GPU, List.of(), 0))
                .fallback(Fallback.toVersion("3"))
                .build());
        assertThat(new HashSet<>(List.of(consumer.call(Map.of()), consumer.call(Map.of()), consumer.call(Map.of()))))
                .containsExactly("3@p3g");
    }

    @Test
    void ruleWhenMalformedShouldKeepTheLastGoodRuleAndShowTheProblem() {
        ModelRouteRule good = rule().traffic("1", 0).traffic("2", 100).build();
        apply(good);
        long rejectedBefore = consumer.ruleStatus().rejected();

        publisher.publishText("configVersion: v1\nmodel: sentiment\ntraffic:\n  - version: \"1\"\n    weight: 70\n");
        await().atMost(RULE_TIMEOUT).until(() -> consumer.ruleStatus().rejected() == rejectedBefore + 1);

        RuleStatus status = consumer.ruleStatus();
        assertThat(status.rule()).isEqualTo(good);
        assertThat(status.problems())
                .anySatisfy(problem -> assertThat(problem.message()).contains("weights sum to 70"));
        assertThat(countVersions(100, Map.of())).containsOnlyKeys("2");

        // half-written YAML: rejected as well, calls keep flowing
        publisher.publishText("configVersion: v1\nmodel: sentiment\ntraffic: [ {version: \"1\", weig");
        await().atMost(RULE_TIMEOUT).until(() -> consumer.ruleStatus().rejected() == rejectedBefore + 2);
        assertThat(countVersions(100, Map.of())).containsOnlyKeys("2");
        assertThat(meters.get(RouterMetricNames.RULES_REJECTED)
                        .tag(RouterMetricNames.TAG_APPLICATION, "model-consumer")
                        .functionCounter()
                        .count())
                .isEqualTo((double) consumer.ruleStatus().rejected());

        // the router snapshot Dubbo records shows the rejection
        RouterSnapshotSwitcher switcher =
                FrameworkModel.defaultModel().getBeanFactory().getBean(RouterSnapshotSwitcher.class);
        switcher.addEnabledService(SentimentService.class.getName());
        try {
            consumer.call(Map.of());
            assertThat(Arrays.stream(switcher.cloneSnapshot()).filter(s -> s != null))
                    .anySatisfy(snapshot -> assertThat(snapshot)
                            .contains("ModelStateRouter")
                            .contains("LAST RULE REJECTED")
                            .contains("rejected rules: "));
        } finally {
            switcher.removeEnabledService(SentimentService.class.getName());
        }
    }

    @Test
    void ruleWhenChangedShouldTakeEffectOnTheRunningConsumer() {
        int changes = 15;
        long[] delaysNanos = new long[changes];
        for (int i = 0; i < changes; i++) {
            String target = Integer.toString(1 + i % 3);
            ModelRouteRule next = rule().traffic("1", target.equals("1") ? 100 : 0)
                    .traffic("2", target.equals("2") ? 100 : 0)
                    .traffic("3", target.equals("3") ? 100 : 0)
                    .build();
            long published = System.nanoTime();
            publisher.publish(next);
            await().atMost(RULE_TIMEOUT)
                    .pollInterval(Duration.ZERO)
                    .pollDelay(Duration.ZERO)
                    .until(() -> versionOf(consumer.call(Map.of())).equals(target));
            delaysNanos[i] = System.nanoTime() - published;
        }
        long[] sorted = delaysNanos.clone();
        Arrays.sort(sorted);
        double p50 = sorted[(int) Math.ceil(0.5 * changes) - 1] / 1e6;
        double p99 = sorted[(int) Math.ceil(0.99 * changes) - 1] / 1e6;
        System.out.printf(
                "publish -> first routed call over %d rule changes: p50 %.1f ms, p99 %.1f ms%n", changes, p50, p99);
    }

    @Test
    void providersWhenStartingAndStoppingDuringARunShouldNeverGetCallsWhenGone() throws Exception {
        apply(rule().traffic("1", 50)
                .traffic("4", 50)
                .fallback(Fallback.toVersion("1"))
                .build());
        List<String> answers = new CopyOnWriteArrayList<>();
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        AtomicBoolean running = new AtomicBoolean(true);
        Thread caller = new Thread(() -> {
            while (running.get()) {
                try {
                    answers.add(consumer.call(Map.of()));
                } catch (RuntimeException e) {
                    failures.add(e);
                }
            }
        });
        caller.start();
        try {
            await().atMost(RULE_TIMEOUT).until(() -> answers.size() > 50);
            assertThat(answers).allMatch(a -> a.startsWith("1@"));

            ModelProvider four = ModelProvider.cpu(zooKeeper.dubboAddress(), "p4", "4", null);
            ModelProvider extraOne = ModelProvider.cpu(zooKeeper.dubboAddress(), "p1c", "1", null);
            try {
                await().atMost(RULE_TIMEOUT).until(() -> answers.contains("4@p4") && answers.contains("1@p1c"));
            } finally {
                four.close();
                extraOne.close();
            }
            int afterStop = answers.size();
            await().atMost(RULE_TIMEOUT).until(() -> answers.size() > afterStop + 200);
        } finally {
            running.set(false);
            caller.join();
        }

        assertThat(failures).isEmpty();
        assertThat(answers).allMatch(a -> a.startsWith("1@") || a.equals("4@p4"));
        // once both providers are gone and the consumer knows, every call is on the remaining version 1 providers
        assertThat(answers.subList(answers.size() - 100, answers.size()))
                .allMatch(a -> a.equals("1@p1a") || a.equals("1@p1b"));
    }

    @Test
    void loadBalanceWhenProviderReportsAQueueShouldPreferTheIdleOne() {
        apply(rule().traffic("1", 100).build());
        // p1b answers with a queue of 50; until it has answered once the two look alike
        await().atMost(RULE_TIMEOUT)
                .until(() -> consumer.call(Map.of(VERSION, "1")).equals("1@p1b"));

        Map<String, Integer> byProvider = new HashMap<>();
        for (int i = 0; i < 300; i++) {
            byProvider.merge(consumer.call(Map.of(VERSION, "1")), 1, Integer::sum);
        }

        // with two providers, the power of two choices compares both on every call
        assertThat(byProvider).containsOnlyKeys("1@p1a");
    }
}
