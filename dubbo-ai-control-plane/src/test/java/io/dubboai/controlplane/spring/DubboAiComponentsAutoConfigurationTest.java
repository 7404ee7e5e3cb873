package io.dubboai.controlplane.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dubboai.controlplane.component.BackoffConfig;
import io.dubboai.controlplane.component.Component;
import io.dubboai.controlplane.component.ComponentManager;
import io.dubboai.controlplane.component.ComponentState;
import io.dubboai.controlplane.component.ComponentStatus;
import io.dubboai.controlplane.dubbo.ComponentHosting;
import io.dubboai.controlplane.election.EventLog;
import io.dubboai.controlplane.election.LeaderElection;
import io.dubboai.controlplane.election.RecordingComponent;
import io.dubboai.controlplane.election.SingleNodeElection;
import java.time.Duration;
import java.util.List;
import org.apache.dubbo.rpc.model.ApplicationModel;
import org.apache.dubbo.rpc.model.FrameworkModel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class DubboAiComponentsAutoConfigurationTest {

    private final FrameworkModel framework = new FrameworkModel();
    private final ApplicationModel application = framework.newApplication();
    private final EventLog log = new EventLog();

    /** Each context gets its own Dubbo application, as Dubbo's Spring integration registers one as a bean. */
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DubboAiComponentsAutoConfiguration.class))
            .withBean(ApplicationModel.class, () -> application)
            .withPropertyValues("dubbo.ai.election.identity=node-1");

    @AfterEach
    void destroyFramework() {
        framework.destroy();
    }

    @Test
    void defaultsShouldRunComponentBeansAndSpiComponentsUnderASingleNodeElection() {
        runner.withBean("registry", Component.class, () -> new RecordingComponent("node-1", "registry", false, 0, log))
                .run(context -> {
                    assertThat(context).hasSingleBean(ComponentManager.class);
                    assertThat(context.getBean(LeaderElection.class)).isInstanceOf(SingleNodeElection.class);
                    ComponentManager manager = context.getBean(ComponentManager.class);
                    assertThat(manager.identity()).isEqualTo("node-1");
                    assertThat(manager.status())
                            .extracting(ComponentStatus::name)
                            .containsExactly("registry", "spi-test");
                    await().atMost(Duration.ofSeconds(10)).until(() -> manager.status().stream()
                            .allMatch(status -> status.state() == ComponentState.RUNNING));
                    assertThat(manager.isLeader()).isTrue();
                    assertThat(ComponentHosting.hostOf(application)).contains(ComponentHosting.SPRING);
                    assertThat(ComponentHosting.managerOf(application)).containsSame(manager);
                });
        // closing the context stopped the components and released the Dubbo application
        assertThat(log.events()).containsExactly("node-1 start registry", "node-1 stop registry");
        assertThat(ComponentHosting.hostOf(application)).isEmpty();
    }

    @Test
    void userDefinedElectionAndManagerShouldMakeTheAutoConfigurationBackOff() {
        SingleNodeElection election = new SingleNodeElection("custom");
        runner.withBean(LeaderElection.class, () -> election).run(context -> {
            assertThat(context.getBean(LeaderElection.class)).isSameAs(election);
            assertThat(context.getBean(ComponentManager.class).identity()).isEqualTo("custom");
        });
        runner.withBean(
                        "myManager",
                        ComponentManager.class,
                        () -> ComponentManager.create(
                                List.of(), new SingleNodeElection("mine"), BackoffConfig.DEFAULTS))
                .run(context -> {
                    assertThat(context).hasSingleBean(ComponentManager.class);
                    assertThat(context).hasBean("myManager");
                    assertThat(context.getBean(ComponentManager.class).identity())
                            .isEqualTo("mine");
                });
    }

    @Test
    void disabledComponentsShouldCreateNothing() {
        runner.withPropertyValues("dubbo.ai.components.enabled=false").run(context -> {
            assertThat(context).doesNotHaveBean(ComponentManager.class);
            assertThat(context).doesNotHaveBean(LeaderElection.class);
            assertThat(ComponentHosting.hostOf(application)).isEmpty();
        });
    }

    @Test
    void spiDiscoveryCanBeTurnedOff() {
        runner.withPropertyValues("dubbo.ai.components.spi-discovery=false").run(context -> assertThat(
                        context.getBean(ComponentManager.class).status())
                .isEmpty());
    }

    @Test
    void unknownElectionTypeShouldFailStartupNamingThePropertyAndTheChoices() {
        runner.withPropertyValues("dubbo.ai.election.type=etcd").run(context -> assertThat(context)
                .getFailure()
                .rootCause()
                .hasMessage("Unknown leader election type 'etcd' in dubbo.ai.election.type;"
                        + " use one of single, zookeeper, kubernetes, lease"));
    }

    @Test
    void zookeeperElectionWithoutAddressShouldFailStartupSayingWhatToSet() {
        runner.withPropertyValues("dubbo.ai.election.type=zookeeper").run(context -> assertThat(context)
                .getFailure()
                .rootCause()
                .hasMessageContaining("set dubbo.ai.election.zookeeper.address"));
    }

    @Test
    void zookeeperElectionShouldDefaultToTheDubboRegistryAddress() {
        runner.withPropertyValues(
                        "dubbo.ai.election.type=zookeeper", "dubbo.registry.address=zookeeper://127.0.0.1:2181")
                .run(context -> {
                    assertThat(context.getBean(LeaderElection.class).toString())
                            .isEqualTo("ZooKeeperLeaderElection[node-1 at 127.0.0.1:2181/dubbo-ai/leader]");
                });
    }

    @Test
    void kubernetesRenewDeadlineNotBelowLeaseDurationShouldFailStartup() {
        runner.withPropertyValues(
                        "dubbo.ai.election.type=kubernetes",
                        "dubbo.ai.election.kubernetes.lease-duration=10s",
                        "dubbo.ai.election.kubernetes.renew-deadline=10s")
                .run(context -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("lease-duration (PT10S) must be greater than renew-deadline (PT10S)"));
    }

    @Test
    void applicationAlreadyHostedByDubboShouldFailStartupSayingHowToResolve() {
        ComponentHosting.claim(application, ComponentHosting.DUBBO);
        runner.run(context -> assertThat(context)
                .getFailure()
                .rootCause()
                .hasMessageContaining("are already hosted by dubbo")
                .hasMessageContaining("set dubbo.ai.components.enabled=false in one of the two"));
    }
}
