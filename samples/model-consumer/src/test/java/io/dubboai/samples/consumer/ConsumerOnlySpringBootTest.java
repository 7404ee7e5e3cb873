package io.dubboai.samples.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.dubboai.core.contract.Accelerator;
import io.dubboai.core.contract.ModelProviderParams;
import io.dubboai.samples.provider.RiskScorer;
import io.dubboai.serving.client.ModelRouting;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import org.apache.dubbo.common.deploy.ApplicationDeployListener;
import org.apache.dubbo.config.ApplicationConfig;
import org.apache.dubbo.config.ProtocolConfig;
import org.apache.dubbo.config.RegistryConfig;
import org.apache.dubbo.config.ServiceConfig;
import org.apache.dubbo.config.annotation.DubboReference;
import org.apache.dubbo.config.bootstrap.DubboBootstrap;
import org.apache.dubbo.rpc.RpcException;
import org.apache.dubbo.rpc.cluster.router.state.StateRouterFactory;
import org.apache.dubbo.rpc.model.ApplicationModel;
import org.apache.zookeeper.server.embedded.ExitHandler;
import org.apache.zookeeper.server.embedded.ZooKeeperServerEmbedded;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A consumer-only Spring Boot application on this sample's own class path (the router, the serving client and
 * {@code dubbo-spring-boot-starter}; no {@code dubbo-ai-control-plane}): it routes model calls and builds none of the
 * control plane. The registry is a ZooKeeper started here with ZooKeeper's own {@link ZooKeeperServerEmbedded}, so
 * that the control plane's {@code EmbeddedZooKeeper} is not needed on the class path either; two provider applications
 * serve versions 1 and 2 of model {@code risk}.
 *
 * <p>The application asks for the control plane as a shared {@code application.yml} might ({@code
 * dubbo.ai.components.enabled=true}, {@code dubbo.ai.election.type=zookeeper} on the ZooKeeper registry): with the
 * control plane on the class path that starts a component manager and a ZooKeeper election thread, so the assertions
 * below fail (checked by adding the module to this test's class path).
 */
final class ConsumerOnlySpringBootTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final float[] FEATURES = {0.1f, 0.2f, 0.3f, 0.4f};

    @TempDir
    static Path zooKeeperDir;

    private static @Nullable ZooKeeperServerEmbedded zooKeeper;
    private static final List<DubboBootstrap> providers = new ArrayList<>();
    private static @Nullable ConfigurableApplicationContext context;

    /** The consumer application: one {@code @DubboReference}, Spring Boot's and Dubbo's auto-configuration. */
    @SpringBootConfiguration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class ConsumerApplication {

        @DubboReference(check = false, timeout = 5000, retries = 0)
        private @Nullable RiskScorer scorer;

        RiskScorer scorer() {
            return Objects.requireNonNull(scorer, "the @DubboReference was not injected");
        }
    }

    @BeforeAll
    static void start() throws Exception {
        int zooKeeperPort = freePort();
        Properties config = new Properties();
        config.setProperty("clientPort", Integer.toString(zooKeeperPort));
        config.setProperty("clientPortAddress", "127.0.0.1");
        config.setProperty("tickTime", "500");
        config.setProperty("admin.enableServer", "false");
        zooKeeper = ZooKeeperServerEmbedded.builder()
                .baseDir(zooKeeperDir)
                .configuration(config)
                .exitHandler(ExitHandler.LOG_ONLY)
                .build();
        zooKeeper.start(TIMEOUT.toMillis());
        String registry = "zookeeper://127.0.0.1:" + zooKeeperPort;
        providers.add(provider(registry, "1"));
        providers.add(provider(registry, "2"));

        context = new SpringApplicationBuilder(ConsumerApplication.class)
                .web(WebApplicationType.NONE)
                .properties(
                        "dubbo.application.name=spring-model-consumer",
                        "dubbo.application.qos-enable=false",
                        "dubbo.registry.address=" + registry,
                        // what would build a control plane if it were on the class path
                        "dubbo.ai.components.enabled=true",
                        "dubbo.ai.election.type=zookeeper")
                .run();
        // both versions known to the consumer
        await().atMost(TIMEOUT).ignoreExceptions().untilAsserted(() -> assertThat(
                        scores(20, () -> ModelRouting.pinVersion("1")))
                .containsOnlyKeys(1f));
        await().atMost(TIMEOUT).ignoreExceptions().untilAsserted(() -> assertThat(
                        scores(20, () -> ModelRouting.pinVersion("2")))
                .containsOnlyKeys(2f));
    }

    @AfterAll
    static void stop() {
        if (context != null) {
            context.close();
        }
        providers.forEach(DubboBootstrap::stop);
        if (zooKeeper != null) {
            zooKeeper.close();
        }
    }

    /** A provider of {@link RiskScorer} for {@code version} of model {@code risk}; it answers its version number. */
    private static DubboBootstrap provider(String registry, String version) {
        ServiceConfig<RiskScorer> service = new ServiceConfig<>();
        service.setInterface(RiskScorer.class);
        service.setRef(features -> Float.parseFloat(version));
        service.setParameters(Map.of(
                ModelProviderParams.MODEL,
                "risk",
                ModelProviderParams.MODEL_VERSION,
                version,
                ModelProviderParams.ACCELERATOR,
                Accelerator.CPU.wireName()));
        // only remote: the consumer shares this JVM and would otherwise call it in-JVM, past the router
        service.setScope("remote");
        ApplicationConfig application = new ApplicationConfig("risk-provider-v" + version);
        application.setQosEnable(false);
        application.setShutwait("1000");
        return DubboBootstrap.newInstance()
                .application(application)
                .registry(new RegistryConfig(registry))
                .protocol(new ProtocolConfig("dubbo", freePort()))
                .service(service)
                .start();
    }

    private static ConfigurableApplicationContext context() {
        return Objects.requireNonNull(context, "context");
    }

    /** Calls {@code score} {@code n} times, each after {@code route} set its attachment; counts the answers. */
    private static Map<Float, Integer> scores(int n, Runnable route) {
        RiskScorer scorer = context().getBean(ConsumerApplication.class).scorer();
        Map<Float, Integer> counts = new HashMap<>();
        for (int i = 0; i < n; i++) {
            route.run();
            counts.merge(scorer.score(FEATURES), 1, Integer::sum);
        }
        return counts;
    }

    @Test
    void context_consumerOnly_hasNoComponentManagerBean() {
        ConfigurableApplicationContext context = context();

        List<String> managers = Arrays.stream(context.getBeanDefinitionNames())
                .filter(name -> {
                    Class<?> type = context.getType(name);
                    return name.contains("ComponentManager")
                            || (type != null && type.getName().contains("ComponentManager"));
                })
                .toList();
        assertThat(managers).isEmpty();
    }

    @Test
    void classPath_consumerOnly_hasNoControlPlane() {
        assertThat(isLoadable("io.dubboai.controlplane.component.ComponentManager"))
                .as("ComponentManager loadable")
                .isFalse();
        assertThat(isLoadable("io.dubboai.controlplane.zookeeper.EmbeddedZooKeeper"))
                .as("EmbeddedZooKeeper loadable")
                .isFalse();
        // nor the Dubbo-side host of components
        assertThat(ApplicationModel.defaultModel()
                        .getExtensionLoader(ApplicationDeployListener.class)
                        .hasExtension("dubbo-ai-components"))
                .as("Dubbo extension dubbo-ai-components")
                .isFalse();
    }

    @Test
    void threads_consumerOnly_noComponentOrElectionThread() {
        List<String> controlPlaneThreads = Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .map(Thread::getName)
                .filter(name -> name.startsWith("dubbo-ai-components-") || name.startsWith("dubbo-ai-election-"))
                .toList();

        assertThat(controlPlaneThreads).isEmpty();
    }

    @Test
    void routing_consumerOnly_routerActiveAndCallsRouted() {
        assertThat(ApplicationModel.defaultModel()
                        .getExtensionLoader(StateRouterFactory.class)
                        .hasExtension("dubbo-ai-model"))
                .as("the router's StateRouterFactory extension")
                .isTrue();

        // without the router, a random load balance over both providers would answer 1 about half the time
        assertThat(scores(100, () -> ModelRouting.pinVersion("2"))).containsOnlyKeys(2f);
        assertThat(scores(100, () -> ModelRouting.pinVersion("1"))).containsOnlyKeys(1f);
        // an alias no rule defines: the router refuses the call and says why
        assertThatThrownBy(() -> scores(1, () -> ModelRouting.alias("champion")))
                .isInstanceOf(RpcException.class)
                .hasMessageContaining("alias 'champion' is not defined");
    }

    private static boolean isLoadable(String className) {
        try {
            Class.forName(className, false, ConsumerOnlySpringBootTest.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on loopback", e);
        }
    }
}
