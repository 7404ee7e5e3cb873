package io.dubboai.controlplane.dubbo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.dubboai.controlplane.election.ElectionSettings;
import io.dubboai.controlplane.election.ElectionType;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DubboComponentSettingsTest {

    private static DubboComponentSettings settings(Map<String, String> values) {
        return new DubboComponentSettings(values::get);
    }

    @Test
    void noSettingsShouldMeanASingleNodeElection() {
        ElectionSettings election = settings(Map.of()).election(null);
        assertThat(election.type()).isEqualTo(ElectionType.SINGLE);
        assertThat(election.identity()).isNotBlank();
    }

    @Test
    void zookeeperElectionShouldDefaultToTheZooKeeperRegistry() {
        ElectionSettings election = settings(Map.of(
                        "dubbo.ai.election.type", "zookeeper",
                        "dubbo.ai.election.identity", "node-1",
                        "dubbo.ai.election.zookeeper.session-timeout", "5s"))
                .election("zookeeper://10.0.0.1:2181");
        assertThat(election.identity()).isEqualTo("node-1");
        assertThat(election.zookeeper().connectString()).isEqualTo("10.0.0.1:2181");
        assertThat(election.zookeeper().sessionTimeout()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void zookeeperElectionWithoutAnyAddressShouldNameTheProperty() {
        assertThatIllegalArgumentException()
                .isThrownBy(() ->
                        settings(Map.of("dubbo.ai.election.type", "zookeeper")).election("nacos://10.0.0.1:8848"))
                .withMessageContaining("set dubbo.ai.election.zookeeper.address");
    }

    @Test
    void durationsShouldAcceptUnitsIsoAndMilliseconds() {
        DubboComponentSettings settings = settings(Map.of("a", "500ms", "b", "PT2S", "c", "1500", "d", "2m"));
        assertThat(settings.duration("a", Duration.ZERO)).isEqualTo(Duration.ofMillis(500));
        assertThat(settings.duration("b", Duration.ZERO)).isEqualTo(Duration.ofSeconds(2));
        assertThat(settings.duration("c", Duration.ZERO)).isEqualTo(Duration.ofMillis(1500));
        assertThat(settings.duration("d", Duration.ZERO)).isEqualTo(Duration.ofMinutes(2));
        assertThat(settings.duration("missing", Duration.ofSeconds(7))).isEqualTo(Duration.ofSeconds(7));
    }

    @Test
    void badKubernetesTimingsAndUnknownTypesShouldBeRejectedWithTheirKeys() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> settings(Map.of(
                                "dubbo.ai.election.type", "kubernetes",
                                "dubbo.ai.election.kubernetes.renew-deadline", "20s"))
                        .election(null))
                .withMessageContaining("lease-duration (PT15S) must be greater than renew-deadline (PT20S)");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> settings(Map.of(
                                "dubbo.ai.election.type", "kubernetes",
                                "dubbo.ai.election.kubernetes.lease-duration", "soon"))
                        .election(null))
                .withMessage("dubbo.ai.election.kubernetes.lease-duration must be a duration such as 500ms, 15s, 2m"
                        + " or PT15S, but was 'soon'");
        assertThatIllegalArgumentException()
                .isThrownBy(
                        () -> settings(Map.of("dubbo.ai.election.type", "raft")).election(null))
                .withMessageContaining("Unknown leader election type 'raft'");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> settings(Map.of("dubbo.ai.components.backoff.multiplier", "x2"))
                        .backoff())
                .withMessage("dubbo.ai.components.backoff.multiplier must be a number, e.g. 2.0, but was 'x2'");
    }
}
