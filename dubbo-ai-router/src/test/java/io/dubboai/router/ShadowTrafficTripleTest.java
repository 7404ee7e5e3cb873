package io.dubboai.router;

import static io.dubboai.core.contract.ModelAttachments.VERSION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dubboai.controlplane.zookeeper.EmbeddedZooKeeper;
import io.dubboai.core.contract.ModelAttachments;
import io.dubboai.core.rule.ModelRouteRule;
import io.dubboai.core.rule.ShadowTraffic;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.dubbo.rpc.RpcContext;
import org.apache.dubbo.rpc.model.FrameworkModel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Shadow traffic over Triple, the protocol dubbo-ai-serving's providers speak: copies are sent in Dubbo's
 * asynchronous mode, which Triple runs on other threads than the dubbo protocol. {@link ShadowTrafficTest} covers the
 * behaviour in full over the dubbo protocol.
 */
class ShadowTrafficTripleTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    /** A model of this class's own (see {@link ShadowTrafficTest#MODEL}). */
    private static final String MODEL = "sentiment-shadow-tri";

    @TempDir
    static Path zkDir;

    /**
     * One framework model per application: Triple's provider side resolves a request's service path in a table of
     * the framework model, so two providers of one interface in one framework model (one JVM) would both answer with
     * the one exported last, whatever port was called.
     */
    private static final List<FrameworkModel> frameworks = new ArrayList<>();

    private static EmbeddedZooKeeper zooKeeper;
    private static RulePublisher publisher;
    private static final List<ModelProvider> providers = new ArrayList<>();
    private static ModelConsumer consumer;
    private static final AtomicInteger shadowCopies = new AtomicInteger();

    @BeforeAll
    static void start() throws InterruptedException {
        zooKeeper = EmbeddedZooKeeper.start(zkDir, 0);
        publisher = new RulePublisher(zooKeeper.connectString());
        String registry = zooKeeper.dubboAddress();
        providers.add(ModelProvider.serving(framework(), registry, "tri", MODEL, "tri-p1", "1", text -> "1@tri-p1"));
        providers.add(ModelProvider.serving(framework(), registry, "tri", MODEL, "tri-p2", "2", text -> {
            if ("true".equals(RpcContext.getServerAttachment().getAttachment(ModelAttachments.SHADOW))) {
                shadowCopies.incrementAndGet();
            }
            return "2@tri-p2";
        }));
        // as serving's consumers do: without it, the provider parameters of Triple providers in instance-level
        // discovery
        // are looked up under the wrong protocol service key and the router sees no model
        consumer = new ModelConsumer(framework(), registry, "shadow-tri-consumer", "tri");
        await().atMost(TIMEOUT).untilAsserted(() -> {
            assertThat(consumer.call(Map.of(VERSION, "1"))).isEqualTo("1@tri-p1");
            assertThat(consumer.call(Map.of(VERSION, "2"))).isEqualTo("2@tri-p2");
        });
    }

    private static FrameworkModel framework() {
        FrameworkModel framework = new FrameworkModel();
        frameworks.add(framework);
        return framework;
    }

    @AfterAll
    static void stop() {
        if (consumer != null) {
            consumer.close();
        }
        providers.forEach(ModelProvider::close);
        frameworks.forEach(FrameworkModel::destroy);
        if (publisher != null) {
            publisher.close();
        }
        if (zooKeeper != null) {
            zooKeeper.close();
        }
    }

    @Test
    void shadowOverTripleShouldDeliverEveryCopyAndAnswerFromTheServingVersion() {
        ModelRouteRule rule = ModelRouteRule.builder(MODEL)
                .traffic("1", 100)
                .traffic("2", 0)
                .shadow(new ShadowTraffic("2", 100))
                .build();
        publisher.publish(rule);
        await().atMost(TIMEOUT)
                .until(() -> rule.equals(consumer.ruleStatus(MODEL).rule()));

        List<String> answers = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            answers.add(consumer.call(Map.of()));
        }

        assertThat(answers).containsOnly("1@tri-p1");
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(shadowCopies).hasValue(30));
        await().atMost(TIMEOUT).until(() -> consumer.shadowMirror().pending() == 0);
        assertThat(consumer.shadowMirror().counts()).singleElement().satisfies(counts -> assertThat(counts.failed())
                .isZero());
    }
}
