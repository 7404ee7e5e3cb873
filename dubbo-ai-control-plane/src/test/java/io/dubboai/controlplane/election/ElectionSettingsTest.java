package io.dubboai.controlplane.election;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ElectionSettingsTest {

    @Test
    void typeShouldBeParsedIgnoringCaseAndUnknownNamesListTheChoices() {
        assertThat(ElectionType.fromName(" ZooKeeper ")).isEqualTo(ElectionType.ZOOKEEPER);
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ElectionType.fromName("etcd"))
                .withMessage("Unknown leader election type 'etcd' in dubbo.ai.election.type;"
                        + " use one of single, zookeeper, kubernetes, lease");
    }

    @Test
    void leaseTypeWithoutAConfigCenterShouldSayWhichPropertyToSet() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new ElectionSettings(ElectionType.LEASE, "a", null, null, null))
                .withMessageContaining("set dubbo.ai.election.lease.address");
    }

    @Test
    void leaseSettingsShouldNameTheSettingThatBreaksTheTimingOrder() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new LeaseElectionSettings(
                        "nacos://127.0.0.1:8848",
                        "g",
                        "l",
                        Duration.ofSeconds(10),
                        Duration.ofSeconds(10),
                        Duration.ofSeconds(2)))
                .withMessageContaining("dubbo.ai.election.lease.lease-duration (PT10S) must be greater than"
                        + " renew-deadline (PT10S)");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new LeaseElectionSettings(
                        "nacos://127.0.0.1:8848",
                        "g",
                        "l",
                        Duration.ofSeconds(15),
                        Duration.ofSeconds(3),
                        Duration.ofSeconds(2)))
                .withMessageContaining("renew-deadline (PT3S) must be at least twice retry-period (PT2S)");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> LeaseElectionSettings.defaults("127.0.0.1:8848"))
                .withMessageContaining("dubbo.ai.election.lease.address must be a config-center address");
    }

    @Test
    void zookeeperTypeWithoutAddressShouldSayWhichPropertyToSet() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new ElectionSettings(ElectionType.ZOOKEEPER, "a", null, null))
                .withMessageContaining("set dubbo.ai.election.zookeeper.address");
    }

    @Test
    void kubernetesTypeWithoutSettingsShouldUseTheDefaults() {
        ElectionSettings settings = new ElectionSettings(ElectionType.KUBERNETES, "a", null, null);
        assertThat(settings.kubernetes()).isEqualTo(KubernetesElectionSettings.defaults());
        assertThat(KubernetesElectionSettings.defaults().leaseDuration()).isEqualTo(Duration.ofSeconds(15));
        assertThat(KubernetesElectionSettings.defaults().renewDeadline()).isEqualTo(Duration.ofSeconds(10));
        assertThat(KubernetesElectionSettings.defaults().retryPeriod()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void dubboZooKeeperAddressesShouldBecomeCuratorConnectStrings() {
        assertThat(ZooKeeperElectionSettings.of(
                                "zookeeper://10.0.0.1:2181?backup=10.0.0.2:2181,10.0.0.3:2181&timeout=3")
                        .connectString())
                .isEqualTo("10.0.0.1:2181,10.0.0.2:2181,10.0.0.3:2181");
        assertThat(ZooKeeperElectionSettings.of("zk1:2181,zk2:2181").connectString())
                .isEqualTo("zk1:2181,zk2:2181");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ZooKeeperElectionSettings.of("nacos://10.0.0.1:8848"))
                .withMessageContaining("is not host:port");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new ZooKeeperElectionSettings(
                        "127.0.0.1:2181", "dubbo-ai/leader/", Duration.ofSeconds(15), Duration.ofSeconds(5)))
                .withMessageContaining("path must be an absolute znode path without a trailing slash");
    }

    @Test
    void leaseTimingsShouldBeOrderedRetryBelowRenewBelowLease() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new KubernetesElectionSettings(
                        null, "lease", Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(2)))
                .withMessage("dubbo.ai.election.kubernetes.lease-duration (PT10S) must be greater than"
                        + " renew-deadline (PT10S): a leader must give up before its Lease can be taken;"
                        + " e.g. 15s and 10s");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new KubernetesElectionSettings(
                        null, "lease", Duration.ofSeconds(15), Duration.ofSeconds(2), Duration.ofSeconds(2)))
                .withMessageContaining("renew-deadline (PT2S) must be greater than 1.2 x retry-period (PT2S)");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new KubernetesElectionSettings(
                        null, "lease", Duration.ofSeconds(15), Duration.ofSeconds(10), Duration.ZERO))
                .withMessage("dubbo.ai.election.kubernetes.retry-period must be greater than 0, but was PT0S");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new KubernetesElectionSettings(
                        null, "Dubbo_Leader", Duration.ofSeconds(15), Duration.ofSeconds(10), Duration.ofSeconds(2)))
                .withMessageContaining("lease-name must be a DNS subdomain")
                .withMessageContaining("'Dubbo_Leader'");
    }

    @Test
    void singleNodeElectionShouldLeadUntilClosed() {
        LeaderElection election = LeaderElections.create(ElectionSettings.single("solo"));
        EventLog log = new EventLog();
        election.start(new LeadershipListener() {
            @Override
            public void leadershipGained() {
                log.add("gained");
            }

            @Override
            public void leadershipLost() {
                log.add("lost");
            }
        });
        assertThat(election.isLeader()).isTrue();
        assertThat(election.currentLeader()).contains("solo");
        election.close();
        election.close();
        assertThat(election.isLeader()).isFalse();
        assertThat(log.events()).containsExactly("gained", "lost");
    }

    @Test
    void defaultIdentitiesShouldDifferWithinOneProcess() {
        assertThat(ElectionSettings.defaultIdentity()).isNotEqualTo(ElectionSettings.defaultIdentity());
    }
}
