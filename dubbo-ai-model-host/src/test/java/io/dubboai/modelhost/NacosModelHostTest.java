package io.dubboai.modelhost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.alibaba.nacos.api.naming.NamingFactory;
import com.alibaba.nacos.api.naming.NamingService;
import com.alibaba.nacos.api.naming.pojo.Instance;
import io.dubboai.controlplane.fleet.Assignment;
import io.dubboai.controlplane.fleet.ServedState;
import io.dubboai.controlplane.fleet.ServedVersion;
import io.dubboai.controlplane.testing.NacosServer;
import io.dubboai.core.contract.ModelProviderParams;
import io.dubboai.serving.TestModels;
import io.dubboai.serving.client.InferRequests;
import io.dubboai.serving.client.ModelRouting;
import io.dubboai.serving.oip.grpc.GRPCInferenceService;
import io.dubboai.serving.oip.grpc.ModelInferRequest;
import io.dubboai.serving.oip.grpc.ModelInferResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A model host whose Dubbo registry is a real Nacos 2.5.1 server ({@link NacosServer}), with a routed consumer
 * discovering it there; the fleet documents, the model registry and S3 are {@link FleetFixture}'s (ZooKeeper,
 * S3Mock).
 *
 * <p>On Nacos a host must serve one version at a time ({@code max-versions=1}, refused otherwise at start-up, see
 * {@link ModelHostConfig#NACOS_SHARED_PORT}): with two versions on one port, removing one removed both from Nacos
 * (measured here before the limit existed; docs/serving.md says how).
 */
class NacosModelHostTest {

    private static final long BUDGET = 64L << 20;
    private static final String MODEL = "nacos-solo";
    private static final String SERVICE = "providers:" + GRPCInferenceService.class.getName() + "::";

    static FleetFixture fleet;
    static NamingService naming;
    static ModelHost host;
    static GRPCInferenceService consumer;

    @BeforeAll
    static void start() throws Exception {
        String nacos = NacosServer.shared().address();
        fleet = new FleetFixture();
        naming = NamingFactory.createNamingService(
                "127.0.0.1:" + NacosServer.shared().port());
        Map<String, String> settings = fleet.settings("nacos-host", BUDGET, fleet.s3Endpoint(), nacos);
        settings.put("dubbo.ai.host.max-versions", "1");
        host = fleet.host(settings);
        consumer = fleet.consumer(nacos);
    }

    @AfterAll
    static void stop() throws Exception {
        if (host != null) {
            host.close();
        }
        if (naming != null) {
            naming.shutDown();
        }
        if (fleet != null) {
            fleet.close();
        }
    }

    /** The versions of {@link #MODEL} that Nacos lists as providers of the OIP service, as a consumer reads them. */
    private static Set<String> versionsInNacos() throws Exception {
        Set<String> versions = new TreeSet<>();
        for (Instance instance : naming.getAllInstances(SERVICE, "DEFAULT_GROUP", false)) {
            if (MODEL.equals(instance.getMetadata().get(ModelProviderParams.MODEL))) {
                versions.add(instance.getMetadata().get(ModelProviderParams.MODEL_VERSION));
            }
        }
        return versions;
    }

    private static Optional<ServedVersion> served(String version) {
        return fleet.served("nacos-host", MODEL, version);
    }

    private static ServedState state(String version) {
        return served(version).map(ServedVersion::state).orElse(null);
    }

    private static ModelInferRequest request() {
        return InferRequests.forModel(MODEL)
                .input("x", TestModels.features(1, 3))
                .build();
    }

    /** The versions that answered {@code calls} calls naming the model only; each must succeed and name its version. */
    private static Map<String, Integer> answers(int calls) {
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < calls; i++) {
            ModelInferResponse response = consumer.modelInfer(request());
            String served = ModelRouting.servedVersion().orElseThrow();
            assertThat(response.getModelVersion()).isEqualTo(served);
            counts.merge(served, 1, Integer::sum);
        }
        return counts;
    }

    @Test
    void oneVersionAtATimeShouldBeServedRefuseASecondAndMoveWithoutAFailedCall() throws Exception {
        for (int v = 1; v <= 2; v++) {
            Path dir = Files.createDirectories(fleet.temp.resolve(MODEL + v));
            TestModels.ModelFile file = TestModels.logisticRegression(dir, 300 + v);
            fleet.createVersion(MODEL, "{\"format\":\"onnx\"}");
            assertThat(fleet.upload(MODEL, v, "model.onnx", Files.readAllBytes(file.path()))
                            .path("version")
                            .asInt())
                    .isEqualTo(v);
        }
        Assignment v1 = new Assignment(MODEL, "1", null);
        Assignment v2 = new Assignment(MODEL, "2", null);

        fleet.assign("nacos-host", List.of(v1));
        await().atMost(Duration.ofSeconds(60)).until(() -> state("1") == ServedState.READY);
        await().atMost(Duration.ofSeconds(30)).until(NacosModelHostTest::versionsInNacos, Set.of("1")::equals);
        await().atMost(Duration.ofSeconds(30))
                .ignoreExceptions()
                .until(() -> answers(5).keySet().equals(Set.of("1")));

        // a second version on the one port: refused with the reason, before anything is loaded; version 1 unharmed
        fleet.assign("nacos-host", List.of(v1, v2));
        await().atMost(Duration.ofSeconds(30)).until(() -> state("2") == ServedState.REFUSED);
        assertThat(served("2").orElseThrow().reason())
                .contains("serves at most 1 version(s) at a time")
                .contains("max-versions=1, required on its Nacos registry")
                .contains("'nacos-solo' version 1");
        assertThat(versionsInNacos()).containsExactly("1");
        assertThat(answers(20)).containsOnlyKeys("1");

        // the refused version cleared, then the host moved from version 1 to version 2 under steady load
        fleet.assign("nacos-host", List.of(v1));
        await().atMost(Duration.ofSeconds(30)).until(() -> state("2") == null);
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger succeeded = new AtomicInteger();
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        Thread load = new Thread(
                () -> {
                    while (running.get()) {
                        try {
                            answers(1);
                            succeeded.incrementAndGet();
                        } catch (Throwable e) {
                            failures.add(e);
                        }
                    }
                },
                "nacos-host-load");
        load.start();
        try {
            fleet.assign("nacos-host", List.of(v2));
            await().atMost(Duration.ofSeconds(60)).until(() -> state("2") == ServedState.READY);
            await().atMost(Duration.ofSeconds(30)).until(NacosModelHostTest::versionsInNacos, Set.of("2")::equals);
            await().atMost(Duration.ofSeconds(30)).until(() -> answers(20).keySet(), Set.of("2")::equals);
        } finally {
            running.set(false);
            load.join();
        }
        assertThat(failures)
                .as("calls failed while the host moved to version 2")
                .isEmpty();
        assertThat(succeeded.get()).isPositive();
        // still listed, and alone, once version 1 is unloaded
        await().atMost(Duration.ofSeconds(30)).until(() -> state("1") == null);
        assertThat(versionsInNacos()).containsExactly("2");
        assertThat(answers(20)).containsOnlyKeys("2");
    }
}
