package io.dubboai.router;

import static io.dubboai.core.contract.ModelAttachments.ALIAS;
import static io.dubboai.core.contract.ModelAttachments.VERSION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dubboai.controlplane.zookeeper.EmbeddedZooKeeper;
import io.dubboai.core.contract.ModelAttachments;
import io.dubboai.core.rule.ModelRouteRule;
import io.dubboai.core.rule.ShadowTraffic;
import io.dubboai.router.metrics.RouterMetricNames;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.dubbo.rpc.RpcContext;
import org.apache.dubbo.rpc.model.FrameworkModel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Shadow traffic end to end: a provider of version 1 serves the callers, a provider of version 2 receives the copies
 * the consumer's router mirrors to it, over loopback and an embedded ZooKeeper (registry and config center). Each
 * provider counts what it receives, and whether the call carried {@link ModelAttachments#SHADOW}. No assertion reads
 * a clock: "the callers were not delayed" is checked as "every caller got its answer while version 2 was blocked".
 */
class ShadowTrafficTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    /**
     * A model of this class's own. Dubbo 3.3.6's ZooKeeper client keeps one {@code NodeCache} per path for the whole
     * JVM ({@code Curator5ZookeeperClient.nodeCacheMap}, static): a second consumer in the JVM that listens to the
     * same rule key, even on another ZooKeeper, is never told of changes. {@link ModelRouterTest} listens to
     * {@code sentiment}'s.
     */
    static final String MODEL = "sentiment-shadow";

    @TempDir
    static Path zkDir;

    /** A framework model of this class's own, see {@link ModelConsumer#ModelConsumer(FrameworkModel, String, String)}. */
    private static FrameworkModel framework;

    private static EmbeddedZooKeeper zooKeeper;
    private static RulePublisher publisher;
    private static final List<ModelProvider> providers = new ArrayList<>();
    private static ModelConsumer consumer;
    private static final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    private static final Received v1 = new Received();
    private static final Received v2 = new Received();
    /** What version 2 does with a call; replaced per test. */
    private static final AtomicReference<Behaviour> v2Behaviour = new AtomicReference<>(Behaviour.ANSWER);

    private static CountDownLatch v2Gate = new CountDownLatch(0);

    private enum Behaviour {
        ANSWER,
        FAIL,
        BLOCK
    }

    /** Calls a provider received: all of them, and those marked as shadow copies. */
    private static final class Received {
        final AtomicInteger calls = new AtomicInteger();
        final AtomicInteger shadowCalls = new AtomicInteger();
        final AtomicReference<String> lastRoutedVersion = new AtomicReference<>();

        void record() {
            calls.incrementAndGet();
            if ("true".equals(RpcContext.getServerAttachment().getAttachment(ModelAttachments.SHADOW))) {
                shadowCalls.incrementAndGet();
            }
            lastRoutedVersion.set(RpcContext.getServerAttachment().getAttachment(ModelAttachments.ROUTED_VERSION));
        }

        void reset() {
            calls.set(0);
            shadowCalls.set(0);
        }
    }

    @BeforeAll
    static void startProvidersAndConsumer() throws InterruptedException {
        Metrics.addRegistry(meters);
        framework = new FrameworkModel();
        zooKeeper = EmbeddedZooKeeper.start(zkDir, 0);
        publisher = new RulePublisher(zooKeeper.connectString());
        String registry = zooKeeper.dubboAddress();
        providers.add(ModelProvider.serving(framework, registry, "dubbo", MODEL, "shadow-p1", "1", text -> {
            v1.record();
            return "1@shadow-p1";
        }));
        providers.add(ModelProvider.serving(framework, registry, "dubbo", MODEL, "shadow-p2", "2", text -> {
            v2.record();
            switch (v2Behaviour.get()) {
                case FAIL -> throw new IllegalStateException("version 2 is broken");
                case BLOCK -> {
                    try {
                        v2Gate.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                default -> {}
            }
            return "2@shadow-p2";
        }));
        consumer = new ModelConsumer(framework, registry, "shadow-consumer");
        await().atMost(TIMEOUT).untilAsserted(() -> {
            assertThat(consumer.call(Map.of(VERSION, "1"))).isEqualTo("1@shadow-p1");
            assertThat(consumer.call(Map.of(VERSION, "2"))).isEqualTo("2@shadow-p2");
        });
    }

    @AfterAll
    static void stopAll() {
        v2Gate.countDown();
        if (consumer != null) {
            consumer.close();
        }
        providers.forEach(ModelProvider::close);
        if (framework != null) {
            framework.destroy();
        }
        if (publisher != null) {
            publisher.close();
        }
        if (zooKeeper != null) {
            zooKeeper.close();
        }
        Metrics.removeRegistry(meters);
    }

    @BeforeEach
    void quiet() {
        // copies of the previous test are answered (or failed) before this one counts anything
        v2Behaviour.set(Behaviour.ANSWER);
        v2Gate.countDown();
        await().atMost(TIMEOUT).until(() -> consumer.shadowMirror().pending() == 0);
        v1.reset();
        v2.reset();
    }

    // ---- helpers ----

    private static ModelRouteRule.Builder v1Only() {
        return ModelRouteRule.builder(MODEL).traffic("1", 100).traffic("2", 0);
    }

    private static void apply(ModelRouteRule rule) {
        publisher.publish(rule);
        await().atMost(TIMEOUT).untilAsserted(() -> {
            RuleStatus status = consumer.ruleStatus(MODEL);
            assertThat(status.rule()).as("rule in force; status %s", status).isEqualTo(rule);
            assertThat(status.problems()).isEmpty();
        });
    }

    private static List<String> calls(int count, Map<String, String> attachments) {
        List<String> answers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            answers.add(consumer.call(attachments));
        }
        return answers;
    }

    private static ShadowCounts countsOfV2() {
        return consumer.shadowMirror().counts().stream()
                .filter(c -> c.model().equals(MODEL) && c.version().equals("2"))
                .findFirst()
                .orElseThrow();
    }

    private static double meter(String name) {
        FunctionCounter counter = meters.find(name)
                .tag(RouterMetricNames.TAG_MODEL, MODEL)
                .tag(RouterMetricNames.TAG_VERSION, "2")
                .functionCounter();
        return counter == null ? -1 : counter.count();
    }

    // ---- tests ----

    @Test
    void shadowAtFullPercentShouldCopyEveryCallToTheShadowVersionAndAnswerFromTheServingOne() {
        apply(v1Only().shadow(new ShadowTraffic("2", 100)).build());
        long mirroredBefore =
                consumer.shadowMirror().counts().isEmpty() ? 0 : countsOfV2().mirrored();

        assertThat(calls(50, Map.of())).containsOnly("1@shadow-p1");

        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(v2.calls).hasValue(50));
        assertThat(v2.shadowCalls)
                .as("every call version 2 got is a marked copy")
                .hasValue(50);
        assertThat(v2.lastRoutedVersion).hasValue("2");
        assertThat(v1.calls).hasValue(50);
        assertThat(v1.shadowCalls).as("the callers' own calls are not marked").hasValue(0);
        await().atMost(TIMEOUT).until(() -> consumer.shadowMirror().pending() == 0);
        assertThat(countsOfV2().mirrored() - mirroredBefore).isEqualTo(50);
        assertThat(meter(RouterMetricNames.SHADOW_MIRRORED))
                .isEqualTo(countsOfV2().mirrored());
        assertThat(meter(RouterMetricNames.SHADOW_FAILED))
                .isEqualTo(countsOfV2().failed());
        assertThat(meter(RouterMetricNames.SHADOW_DROPPED)).isZero();
    }

    @Test
    void shadowAtThirtyPercentShouldCopyAboutThirtyPercentOfTheCalls() {
        apply(v1Only().shadow(new ShadowTraffic("2", 30)).build());

        assertThat(calls(400, Map.of())).containsOnly("1@shadow-p1");

        await().atMost(TIMEOUT).until(() -> consumer.shadowMirror().pending() == 0);
        // 400 draws at p = 0.3: mean 120, sd 9.2; 60..180 is more than six standard deviations either side
        assertThat(v2.shadowCalls.get()).isBetween(60, 180);
        assertThat(v2.calls.get()).isEqualTo(v2.shadowCalls.get());
    }

    @Test
    void pinnedAliasedAndShadowVersionCallsShouldNotBeCopied() {
        apply(v1Only().alias("champion", "1")
                .shadow(new ShadowTraffic("2", 100))
                .build());

        assertThat(calls(20, Map.of(VERSION, "1"))).containsOnly("1@shadow-p1");
        assertThat(calls(20, Map.of(ALIAS, "champion"))).containsOnly("1@shadow-p1");
        assertThat(calls(20, Map.of(VERSION, "2"))).containsOnly("2@shadow-p2");

        // a copy holds a permit from the moment it is offered (on the caller's thread) until it is answered, and is
        // counted by the provider before it is answered: so no permit out and no marked call means none was made
        assertThat(consumer.shadowMirror().pending()).isZero();
        assertThat(v2.shadowCalls).hasValue(0);
        assertThat(v2.calls).as("only the pinned calls").hasValue(20);
    }

    @Test
    void weightedCallsOfTheShadowVersionShouldNotBeCopiedAgain() {
        apply(ModelRouteRule.builder(MODEL)
                .traffic("1", 50)
                .traffic("2", 50)
                .shadow(new ShadowTraffic("2", 100))
                .build());

        List<String> answers = calls(200, Map.of());

        long servedByV1 = answers.stream().filter("1@shadow-p1"::equals).count();
        await().atMost(TIMEOUT).until(() -> consumer.shadowMirror().pending() == 0);
        assertThat(v2.shadowCalls.get())
                .as("one copy per call version 1 served")
                .isEqualTo(servedByV1);
        assertThat(v2.calls.get() - v2.shadowCalls.get()).isEqualTo(200 - servedByV1);
    }

    @Test
    void failingShadowVersionShouldNeverFailTheCallers() {
        apply(v1Only().shadow(new ShadowTraffic("2", 100)).build());
        v2Behaviour.set(Behaviour.FAIL);
        long failedBefore =
                consumer.shadowMirror().counts().isEmpty() ? 0 : countsOfV2().failed();

        assertThat(calls(60, Map.of())).containsOnly("1@shadow-p1");

        await().atMost(TIMEOUT).until(() -> consumer.shadowMirror().pending() == 0);
        assertThat(v2.shadowCalls).hasValue(60);
        assertThat(countsOfV2().failed() - failedBefore).isEqualTo(60);
        assertThat(meter(RouterMetricNames.SHADOW_FAILED))
                .isEqualTo(countsOfV2().failed());
    }

    @Test
    void blockedShadowVersionShouldNeverHoldTheCallers() {
        apply(v1Only().shadow(new ShadowTraffic("2", 100)).build());
        v2Gate = new CountDownLatch(1);
        v2Behaviour.set(Behaviour.BLOCK);

        List<String> answers = calls(40, Map.of());

        // every caller has its answer while version 2 still holds its copies behind the closed gate
        assertThat(answers).hasSize(40).containsOnly("1@shadow-p1");
        assertThat(v2Gate.getCount()).isEqualTo(1);
        await().atMost(TIMEOUT)
                .untilAsserted(() -> assertThat(v2.shadowCalls.get()).isPositive());
        assertThat(consumer.shadowMirror().pending()).isPositive();
        v2Gate.countDown();
        await().atMost(TIMEOUT).until(() -> consumer.shadowMirror().pending() == 0);
        assertThat(v2.shadowCalls).hasValue(40);
    }

    @Test
    void removingShadowFromTheRuleShouldStopTheCopies() {
        apply(v1Only().shadow(new ShadowTraffic("2", 100)).build());
        assertThat(calls(10, Map.of())).containsOnly("1@shadow-p1");
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(v2.shadowCalls).hasValue(10));
        await().atMost(TIMEOUT).until(() -> consumer.shadowMirror().pending() == 0);

        apply(v1Only().build());
        assertThat(calls(50, Map.of())).containsOnly("1@shadow-p1");

        assertThat(consumer.shadowMirror().pending()).isZero();
        assertThat(v2.shadowCalls).hasValue(10);
    }
}
