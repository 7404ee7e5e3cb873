package io.dubboai.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dubboai.controlplane.zookeeper.EmbeddedZooKeeper;
import io.dubboai.core.contract.Accelerator;
import io.dubboai.core.contract.ModelAttachments;
import io.dubboai.core.contract.ModelProviderParams;
import io.dubboai.router.metrics.RouterMetricNames;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.dubbo.config.ApplicationConfig;
import org.apache.dubbo.config.ProtocolConfig;
import org.apache.dubbo.config.ReferenceConfig;
import org.apache.dubbo.config.RegistryConfig;
import org.apache.dubbo.config.ServiceConfig;
import org.apache.dubbo.config.bootstrap.DubboBootstrap;
import org.apache.dubbo.rpc.RpcContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Load tracking and the router's metrics on real Dubbo applications over loopback and an embedded ZooKeeper: two
 * provider applications, each exporting {@link SentimentService} twice on its one port (groups {@code busy} and
 * {@code idle}, two model services with their own queues), and a consumer referencing both groups with
 * {@link LeastWorkLoadBalance}.
 */
class ProviderLoadEndToEndTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    @TempDir
    static Path zkDir;

    private static EmbeddedZooKeeper zooKeeper;
    private static final List<DubboBootstrap> providers = new ArrayList<>();
    private static DubboBootstrap consumer;
    private static SentimentService busy;
    private static SentimentService idle;
    /** Provider a's busy service, reached directly by the same consumer: calling it refreshes a's report. */
    private static SentimentService busyAtA;

    @BeforeAll
    static void start() {
        zooKeeper = EmbeddedZooKeeper.start(zkDir, 0);
        // provider "a" reports a queue of 50 on its busy service only; nobody else reports anything
        ServiceConfig<SentimentService> busyServiceOfA = service("a", "busy", 50);
        providers.add(provider("a", busyServiceOfA));
        providers.add(provider("b", service("b", "busy", null)));
        ApplicationConfig application = new ApplicationConfig("load-consumer");
        application.setQosEnable(false);
        ReferenceConfig<SentimentService> busyReference = reference("busy");
        ReferenceConfig<SentimentService> idleReference = reference("idle");
        // a reference with a direct url= has no router chain, but its calls pass the same filter and tracker
        ReferenceConfig<SentimentService> busyAtAReference = reference("busy");
        busyAtAReference.setUrl(
                "dubbo://" + busyServiceOfA.getExportedUrls().get(0).getAddress());
        busyAtAReference.setId("busyAtA");
        consumer = DubboBootstrap.newInstance()
                .application(application)
                .registry(new RegistryConfig(zooKeeper.dubboAddress()))
                .reference(busyReference)
                .reference(idleReference)
                .reference(busyAtAReference)
                .start();
        busy = busyReference.get();
        idle = idleReference.get();
        busyAtA = busyAtAReference.get();
        // both providers of each service known to the consumer; the idle service first, before any report exists
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(calls(idle, 40)).containsOnlyKeys("idle@a", "idle@b"));
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(calls(busy, 40)).containsKey("busy@b"));
    }

    @AfterAll
    static void stop() {
        if (consumer != null) {
            consumer.stop();
        }
        providers.forEach(DubboBootstrap::stop);
        if (zooKeeper != null) {
            zooKeeper.close();
        }
    }

    private static DubboBootstrap provider(String id, ServiceConfig<SentimentService> busyService) {
        ApplicationConfig application = new ApplicationConfig("load-provider-" + id);
        application.setQosEnable(false);
        application.setShutwait("1000");
        return DubboBootstrap.newInstance()
                .application(application)
                .registry(new RegistryConfig(zooKeeper.dubboAddress()))
                .protocol(new ProtocolConfig("dubbo", ModelProvider.freePort()))
                .service(busyService)
                .service(service(id, "idle", null))
                .start();
    }

    private static ServiceConfig<SentimentService> service(String id, String group, Integer reportedQueue) {
        ServiceConfig<SentimentService> service = new ServiceConfig<>();
        service.setInterface(SentimentService.class);
        service.setGroup(group);
        service.setRef(text -> {
            if (reportedQueue != null) {
                RpcContext.getServerContext().setAttachment(ModelAttachments.LOAD_QUEUE, reportedQueue.toString());
            }
            return group + "@" + id;
        });
        service.setParameters(Map.of(
                ModelProviderParams.MODEL,
                "sentiment-" + group,
                ModelProviderParams.MODEL_VERSION,
                "1",
                ModelProviderParams.ACCELERATOR,
                Accelerator.CPU.wireName()));
        service.setScope("remote");
        return service;
    }

    private static ReferenceConfig<SentimentService> reference(String group) {
        ReferenceConfig<SentimentService> reference = new ReferenceConfig<>();
        reference.setInterface(SentimentService.class);
        reference.setGroup(group);
        reference.setLoadbalance(LeastWorkLoadBalance.NAME);
        reference.setCheck(false);
        // every "process" shares this JVM: without this Dubbo would call a provider in-JVM
        reference.setScope("remote");
        reference.setTimeout(5000);
        reference.setRetries(0);
        return reference;
    }

    private static Map<String, Integer> calls(SentimentService service, int n) {
        Map<String, Integer> answers = new HashMap<>();
        for (int i = 0; i < n; i++) {
            answers.merge(service.predict("ok"), 1, Integer::sum);
        }
        return answers;
    }

    @Test
    void loadBalanceWhenOneServiceOfAProviderReportsAQueueShouldNotCountItAgainstItsOtherService() {
        // a's busy service answers with a queue of 50: for the next 10 s the balance avoids it
        assertThat(busyAtA.predict("ok")).isEqualTo("busy@a");
        assertThat(calls(busy, 200)).containsOnlyKeys("busy@b");

        // a's idle service shares a's host and port but not its queue: both providers of it look alike and the
        // balance spreads calls over both (with one counter per host and port, every call would go to b)
        assertThat(busyAtA.predict("ok")).isEqualTo("busy@a");
        assertThat(calls(idle, 200)).containsOnlyKeys("idle@a", "idle@b");
    }

    @Test
    void metricsWhenApplicationStartsAndStopsShouldBeBoundToTheGlobalRegistryAndRemoved() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Metrics.addRegistry(registry);
        ApplicationConfig application = new ApplicationConfig("metrics-consumer");
        application.setQosEnable(false);
        DubboBootstrap other = DubboBootstrap.newInstance()
                .application(application)
                .registry(new RegistryConfig(zooKeeper.dubboAddress()))
                .reference(reference("idle"))
                .start();
        try {
            assertThat(registry.get(RouterMetricNames.RULES_REJECTED)
                            .tag(RouterMetricNames.TAG_APPLICATION, "metrics-consumer")
                            .functionCounter()
                            .count())
                    .isZero();
            // the consumer of the other tests is bound as well, under its own name
            assertThat(registry.find(RouterMetricNames.RULES_REJECTED)
                            .tag(RouterMetricNames.TAG_APPLICATION, "load-consumer")
                            .functionCounter())
                    .isNotNull();

            other.stop();

            assertThat(registry.find(RouterMetricNames.RULES_REJECTED)
                            .tag(RouterMetricNames.TAG_APPLICATION, "metrics-consumer")
                            .meters())
                    .isEmpty();
            assertThat(Metrics.globalRegistry
                            .find(RouterMetricNames.RULES_REJECTED)
                            .tag(RouterMetricNames.TAG_APPLICATION, "metrics-consumer")
                            .meters())
                    .isEmpty();
        } finally {
            other.stop();
            Metrics.removeRegistry(registry);
        }
    }
}
