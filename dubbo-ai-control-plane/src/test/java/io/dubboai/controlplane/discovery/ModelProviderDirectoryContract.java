package io.dubboai.controlplane.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dubboai.controlplane.discovery.ModelProviderDirectory.ModelProvider;
import io.dubboai.core.contract.ModelProviderParams;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.dubbo.config.ApplicationConfig;
import org.apache.dubbo.config.ProtocolConfig;
import org.apache.dubbo.config.RegistryConfig;
import org.apache.dubbo.config.ServiceConfig;
import org.apache.dubbo.config.bootstrap.DubboBootstrap;
import org.apache.dubbo.rpc.model.ApplicationModel;
import org.apache.dubbo.rpc.model.FrameworkModel;
import org.apache.dubbo.rpc.service.GenericService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What {@link ModelProviderDirectory} must do on every Dubbo registry: real Dubbo providers of the Open Inference
 * Protocol service (generic ones: the serving classes are not on this module's class path), registered by Dubbo's own
 * export at interface level like {@code ModelServer}, appear with their metadata and disappear when they unexport,
 * whether they registered before or after the directory subscribed.
 */
abstract class ModelProviderDirectoryContract {

    /** Nacos and ZooKeeper notify within a few seconds; Dubbo's delay-notification (5 s) comes on top. */
    private static final Duration NOTICE = Duration.ofSeconds(60);

    private final List<FrameworkModel> frameworks = new ArrayList<>();
    private final List<AutoCloseable> closeables = new ArrayList<>();

    /** The Dubbo registry address providers and the directory share, e.g. {@code zookeeper://127.0.0.1:2181}. */
    protected abstract String registryAddress();

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable closeable : closeables) {
            closeable.close();
        }
        for (FrameworkModel framework : frameworks) {
            framework.destroy();
        }
    }

    @Test
    void providerRegisteredAfterSubscribing_appearsWithItsMetadata_andDisappearsWhenItUnexports() {
        ModelProviderDirectory directory = directory();
        assertThat(directory.providers("contract-late", "1")).isEmpty();

        ServiceConfig<GenericService> provider = provider("contract-late", "1", 19091);

        await().atMost(NOTICE).untilAsserted(() -> assertThat(directory.providers("contract-late", "1"))
                .singleElement()
                .satisfies(p -> {
                    assertThat(p.host()).isEqualTo("127.0.0.1");
                    assertThat(p.port())
                            .isEqualTo(provider.getExportedUrls().get(0).getPort());
                    assertThat(p.parameters())
                            .containsEntry(ModelProviderParams.METRICS_PORT, "19091")
                            .containsEntry(ModelProviderParams.RUNTIME, "onnxruntime");
                }));

        provider.unexport();

        await().atMost(NOTICE).untilAsserted(() -> assertThat(directory.providers("contract-late", "1"))
                .isEmpty());
    }

    @Test
    void providersRegisteredBeforeAndAfterSubscribing_areAllFound_perVersion() {
        provider("contract-two", "1", 19101);
        ModelProviderDirectory directory = directory();
        await().atMost(NOTICE).untilAsserted(() -> assertThat(directory.providers("contract-two", "1"))
                .hasSize(1));

        ServiceConfig<GenericService> v2 = provider("contract-two", "2", 19102);

        await().atMost(NOTICE).untilAsserted(() -> {
            assertThat(directory.providers("contract-two", "1")).hasSize(1);
            assertThat(directory.providers("contract-two", "2"))
                    .extracting(ModelProvider::port)
                    .containsExactly(v2.getExportedUrls().get(0).getPort());
        });
        assertThat(directory.providers("contract-two", "3")).isEmpty();
    }

    private ModelProviderDirectory directory() {
        FrameworkModel framework = new FrameworkModel();
        frameworks.add(framework);
        ModelProviderDirectory directory =
                new ModelProviderDirectory(registryAddress(), framework.newApplication(), "directory-contract");
        closeables.add(directory);
        return directory;
    }

    /** A real provider of the OIP service in a Dubbo framework of its own, registered at interface level. */
    private ServiceConfig<GenericService> provider(String model, String version, int metricsPort) {
        FrameworkModel framework = new FrameworkModel();
        frameworks.add(framework);
        ApplicationModel app = framework.newApplication();
        ApplicationConfig application = new ApplicationConfig("directory-contract-" + model + "-" + version);
        application.setQosEnable(false);
        application.setRegisterMode("interface");
        ProtocolConfig protocol = new ProtocolConfig("dubbo", freePort());
        protocol.setHost("127.0.0.1");
        DubboBootstrap.getInstance(app)
                .application(application)
                .registry(new RegistryConfig(registryAddress()))
                .protocol(protocol)
                .start();
        ServiceConfig<GenericService> service = new ServiceConfig<>(app.getDefaultModule());
        service.setInterface(ModelProviderDirectory.OIP_SERVICE);
        service.setGeneric("true");
        service.setRef((method, parameterTypes, args) -> null);
        service.setParameters(Map.of(
                ModelProviderParams.MODEL,
                model,
                ModelProviderParams.MODEL_VERSION,
                version,
                ModelProviderParams.RUNTIME,
                "onnxruntime",
                ModelProviderParams.METRICS_PORT,
                Integer.toString(metricsPort)));
        service.export();
        return service;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress("127.0.0.1", 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
