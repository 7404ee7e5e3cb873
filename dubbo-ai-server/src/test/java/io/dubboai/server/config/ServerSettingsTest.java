package io.dubboai.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dubboai.controlplane.election.ElectionType;
import io.dubboai.server.DubboAiServerApplication;
import io.dubboai.server.security.LoginThrottle;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

@ExtendWith(OutputCaptureExtension.class)
class ServerSettingsTest {

    @TempDir
    Path dir;

    private final ServerFailureAnalyzer analyzer = new ServerFailureAnalyzer();

    @Test
    void embeddedModeShouldDefaultToSingleElectionAndFileStore() {
        ServerSettings settings = ServerSettings.from(new DubboAiServerProperties());
        assertThat(settings.mode()).isEqualTo(DeployMode.EMBEDDED);
        assertThat(settings.election()).isEqualTo(ElectionType.SINGLE);
        assertThat(settings.store()).isEqualTo(StoreKind.FILE);
        assertThat(settings.artifactStore()).startsWith("file:").contains("/data/artifacts");
        assertThat(settings.loginLimits()).isEqualTo(LoginThrottle.Limits.DEFAULTS);
    }

    @Test
    void loginLimitOutOfRangeShouldNameThePropertyAndTheFix() {
        DubboAiServerProperties properties = new DubboAiServerProperties();
        properties.getSecurity().getLoginLimit().setMaxFailuresPerUser(0);
        assertThatThrownBy(() -> ServerSettings.from(properties))
                .hasMessageContaining("dubbo.ai.server.security.login-limit.max-failures-per-user")
                .hasMessageContaining("must be at least 1");
        properties.getSecurity().getLoginLimit().setMaxFailuresPerUser(5);
        properties.getSecurity().getLoginLimit().setLockout(java.time.Duration.ZERO);
        assertThatThrownBy(() -> ServerSettings.from(properties))
                .hasMessageContaining("dubbo.ai.server.security.login-limit.lockout")
                .hasMessageContaining("must be positive");
    }

    @Test
    void universalModeShouldDefaultToZooKeeperElectionAndConfigCenterStore() {
        DubboAiServerProperties properties = new DubboAiServerProperties();
        properties.setMode(DeployMode.UNIVERSAL);
        properties.setRegistryAddress("zookeeper://zk:2181");
        ServerSettings settings = ServerSettings.from(properties);
        assertThat(settings.election()).isEqualTo(ElectionType.ZOOKEEPER);
        assertThat(settings.store()).isEqualTo(StoreKind.CONFIG_CENTER);
    }

    @Test
    void universalModeWithoutRegistryShouldSayWhichPropertyToSet() {
        DubboAiServerProperties properties = new DubboAiServerProperties();
        properties.setMode(DeployMode.UNIVERSAL);
        assertThatThrownBy(() -> ServerSettings.from(properties))
                .isInstanceOf(InvalidServerConfigurationException.class)
                .hasMessageContaining("dubbo.ai.server.registry-address=(unset)")
                .satisfies(e -> {
                    FailureAnalysis analysis = analyzer.analyze(e);
                    assertThat(analysis).isNotNull();
                    assertThat(analysis.getAction()).contains("set dubbo.ai.server.registry-address");
                });
    }

    @Test
    void universalModeOnNacosShouldDefaultToTheConfigCenterLease() {
        DubboAiServerProperties properties = new DubboAiServerProperties();
        properties.setMode(DeployMode.UNIVERSAL);
        properties.setRegistryAddress("nacos://nacos:8848");
        assertThat(ServerSettings.from(properties).election()).isEqualTo(ElectionType.LEASE);
    }

    @Test
    void zooKeeperElectionOnNacosShouldBeRejectedWithTheLeaseAsFix() {
        DubboAiServerProperties properties = new DubboAiServerProperties();
        properties.setMode(DeployMode.UNIVERSAL);
        properties.setRegistryAddress("nacos://user:secret@nacos:8848");
        properties.setElection(ElectionType.ZOOKEEPER);
        assertThatThrownBy(() -> ServerSettings.from(properties))
                .isInstanceOf(InvalidServerConfigurationException.class)
                .hasMessageContaining("dubbo.ai.server.election=zookeeper")
                .hasMessageContaining("election=lease")
                .hasMessageContaining("nacos://user:***@nacos:8848")
                .hasMessageNotContaining("secret");
    }

    @Test
    void kubernetesModeShouldRefuseSingleElectionAndFileStore() {
        DubboAiServerProperties properties = new DubboAiServerProperties();
        properties.setMode(DeployMode.KUBERNETES);
        properties.setRegistryAddress("zookeeper://zk:2181");
        properties.setElection(ElectionType.SINGLE);
        assertThatThrownBy(() -> ServerSettings.from(properties)).hasMessageContaining("every replica lead");
        properties.setElection(null);
        properties.getSecurity().setStore(StoreKind.FILE);
        assertThatThrownBy(() -> ServerSettings.from(properties))
                .hasMessageContaining("dubbo.ai.server.security.store=file");
    }

    @Test
    void registryAddressInEmbeddedModeShouldBeRejected() {
        DubboAiServerProperties properties = new DubboAiServerProperties();
        properties.setRegistryAddress("zookeeper://elsewhere:2181");
        assertThatThrownBy(() -> ServerSettings.from(properties))
                .hasMessageContaining("embedded mode starts its own ZooKeeper");
    }

    @Test
    void unknownModeShouldFailStartupWithTheAllowedModes() {
        Throwable failure = catchStartupFailure("--dubbo.ai.server.mode=bogus");
        FailureAnalysis analysis = analyzer.analyze(failure);
        assertThat(analysis).isNotNull();
        assertThat(analysis.getDescription()).contains("dubbo.ai.server.mode=bogus");
        assertThat(analysis.getAction()).contains("embedded, universal, kubernetes");
    }

    @Test
    void zooKeeperPortInUseShouldFailStartupSayingWhatToDo() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Throwable failure =
                    catchStartupFailure("--dubbo.ai.server.embedded.zookeeper-port=" + taken.getLocalPort());
            FailureAnalysis analysis = analyzer.analyze(failure);
            assertThat(analysis).isNotNull();
            assertThat(analysis.getDescription()).contains("127.0.0.1:" + taken.getLocalPort());
            assertThat(analysis.getAction())
                    .contains("Stop the process listening on port " + taken.getLocalPort())
                    .contains("dubbo.ai.server.embedded.zookeeper-port");
        }
    }

    @Test
    void credentialsInAWrongAddressShouldBeMaskedInTheMessageAndTheStartupReport() {
        // ZooKeeper election on a Nacos registry whose address carries a password: refused by the settings check,
        // before anything connects
        Throwable failure = catchStartupFailure(
                "--dubbo.ai.server.mode=universal",
                "--dubbo.ai.server.election=zookeeper",
                "--dubbo.ai.server.registry-address=nacos://nacos:n4cos-s3cret@10.0.0.2:8848?password=n4cos-s3cret");

        FailureAnalysis analysis = analyzer.analyze(failure);

        assertThat(analysis).isNotNull();
        assertThat(analysis.getDescription())
                .contains("but the registry is nacos://nacos:***@10.0.0.2:8848?password=***")
                .doesNotContain("n4cos-s3cret");
        assertThat(analysis.getAction()).doesNotContain("n4cos-s3cret");
        assertThat(failure).message().doesNotContain("n4cos-s3cret");
    }

    @Test
    void startupLogShouldNameTheAddressesWithoutTheirCredentials(CapturedOutput output) {
        org.springframework.context.support.GenericApplicationContext context =
                new org.springframework.context.support.GenericApplicationContext();
        context.getEnvironment()
                .getPropertySources()
                .addFirst(new org.springframework.core.env.MapPropertySource(
                        "test",
                        java.util.Map.of(
                                "dubbo.ai.server.mode", "universal",
                                "dubbo.ai.server.election", "single",
                                "dubbo.ai.server.registry-address", "nacos://nacos:n4cos-s3cret@10.0.0.2:8848",
                                "dubbo.ai.server.artifact-store", "s3://models/registry/",
                                "dubbo.ai.server.data-dir", dir.resolve("data").toString())));

        new ServerModeInitializer().initialize(context);

        assertThat(output)
                .contains("registry nacos://nacos:***@10.0.0.2:8848, config center nacos://nacos:***@10.0.0.2:8848")
                .doesNotContain("n4cos-s3cret");
    }

    private Throwable catchStartupFailure(String... arguments) {
        java.util.List<String> all = new java.util.ArrayList<>(java.util.List.of(
                "--server.port=0",
                "--dubbo.ai.server.data-dir=" + dir.resolve("data"),
                "--dubbo.ai.server.plugins.dir=" + dir.resolve("plugins")));
        all.addAll(java.util.List.of(arguments));
        try {
            DubboAiServerApplication.builder().run(all.toArray(String[]::new)).close();
        } catch (RuntimeException e) {
            return e;
        }
        throw new AssertionError("the server started although " + all + " is wrong");
    }
}
