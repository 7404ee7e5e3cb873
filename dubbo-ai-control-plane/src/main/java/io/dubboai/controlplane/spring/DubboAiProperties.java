package io.dubboai.controlplane.spring;

import io.dubboai.controlplane.component.BackoffConfig;
import io.dubboai.controlplane.election.KubernetesElectionSettings;
import io.dubboai.controlplane.election.LeaseElectionSettings;
import io.dubboai.controlplane.election.ZooKeeperElectionSettings;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code dubbo.ai.*} settings of the core: how components run and how the leader is elected. A plain Dubbo
 * application reads the same keys from its own configuration.
 */
@ConfigurationProperties("dubbo.ai")
public class DubboAiProperties {

    /** How the components run. */
    private final Components components = new Components();

    /** The leader election. */
    private final Election election = new Election();

    public Components getComponents() {
        return components;
    }

    public Election getElection() {
        return election;
    }

    /** {@code dubbo.ai.components.*}. */
    public static class Components {

        /** Whether to run the components at all. */
        private boolean enabled = true;

        /** Whether to add the components registered through Dubbo's SPI to the Component beans. */
        private boolean spiDiscovery = true;

        /** Delays between attempts to start a component that failed. */
        private final Backoff backoff = new Backoff();

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public boolean isSpiDiscovery() {
            return spiDiscovery;
        }

        public void setSpiDiscovery(boolean spiDiscovery) {
            this.spiDiscovery = spiDiscovery;
        }

        public Backoff getBackoff() {
            return backoff;
        }
    }

    /** {@code dubbo.ai.components.backoff.*}: see {@link BackoffConfig}. */
    public static class Backoff {

        /** Wait after the first failed start. */
        private Duration initialDelay = BackoffConfig.DEFAULTS.initialDelay();

        /** Longest wait between two attempts. */
        private Duration maxDelay = BackoffConfig.DEFAULTS.maxDelay();

        /** Growth of the wait per consecutive failure, at least 1.0. */
        private double multiplier = BackoffConfig.DEFAULTS.multiplier();

        /** Random spread of each wait, 0.0 (none) to 1.0 (plus or minus 100%). */
        private double jitter = BackoffConfig.DEFAULTS.jitter();

        public Duration getInitialDelay() {
            return initialDelay;
        }

        public void setInitialDelay(Duration initialDelay) {
            this.initialDelay = initialDelay;
        }

        public Duration getMaxDelay() {
            return maxDelay;
        }

        public void setMaxDelay(Duration maxDelay) {
            this.maxDelay = maxDelay;
        }

        public double getMultiplier() {
            return multiplier;
        }

        public void setMultiplier(double multiplier) {
            this.multiplier = multiplier;
        }

        public double getJitter() {
            return jitter;
        }

        public void setJitter(double jitter) {
            this.jitter = jitter;
        }
    }

    /** {@code dubbo.ai.election.*}. */
    public static class Election {

        /** The backend: single (one node, always leader), zookeeper, kubernetes or lease (config center). */
        private String type = "single";

        /** This node's unique name in the election; unset uses the host name with a random suffix. */
        private @Nullable String identity;

        /** Settings of the zookeeper election. */
        private final ZooKeeper zookeeper = new ZooKeeper();

        /** Settings of the kubernetes election. */
        private final Kubernetes kubernetes = new Kubernetes();

        /** The config-center lease election. */
        private final Lease lease = new Lease();

        public String getType() {
            return type;
        }

        public void setType(String type) {
            this.type = type;
        }

        public @Nullable String getIdentity() {
            return identity;
        }

        public void setIdentity(@Nullable String identity) {
            this.identity = identity;
        }

        public ZooKeeper getZookeeper() {
            return zookeeper;
        }

        public Lease getLease() {
            return lease;
        }

        public Kubernetes getKubernetes() {
            return kubernetes;
        }
    }

    /** {@code dubbo.ai.election.zookeeper.*}. */
    public static class ZooKeeper {

        /** ZooKeeper ensemble, host:port[,host:port] or zookeeper://host:port; unset uses dubbo.registry.address. */
        private @Nullable String address;

        /** Znode under which the nodes queue for leadership. */
        private String path = ZooKeeperElectionSettings.DEFAULT_PATH;

        /** ZooKeeper session timeout: how long a vanished leader keeps its leadership on the server. */
        private Duration sessionTimeout = ZooKeeperElectionSettings.DEFAULT_SESSION_TIMEOUT;

        /** How long one connection attempt may take. */
        private Duration connectionTimeout = ZooKeeperElectionSettings.DEFAULT_CONNECTION_TIMEOUT;

        public @Nullable String getAddress() {
            return address;
        }

        public void setAddress(@Nullable String address) {
            this.address = address;
        }

        public String getPath() {
            return path;
        }

        public void setPath(String path) {
            this.path = path;
        }

        public Duration getSessionTimeout() {
            return sessionTimeout;
        }

        public void setSessionTimeout(Duration sessionTimeout) {
            this.sessionTimeout = sessionTimeout;
        }

        public Duration getConnectionTimeout() {
            return connectionTimeout;
        }

        public void setConnectionTimeout(Duration connectionTimeout) {
            this.connectionTimeout = connectionTimeout;
        }
    }

    /** {@code dubbo.ai.election.kubernetes.*}. */
    /** The config-center lease election ({@code dubbo.ai.election.lease.*}). */
    public static class Lease {

        /** Config center of the lease, e.g. nacos://127.0.0.1:8848; empty: the config center or registry. */
        private @Nullable String address;

        /** Config-center group of the lease document. */
        private String group = LeaseElectionSettings.DEFAULT_GROUP;

        /** Key of the lease document. */
        private String leaseName = LeaseElectionSettings.DEFAULT_LEASE_NAME;

        /** How long a lease holds without renewal before another node may take it. */
        private Duration leaseDuration = LeaseElectionSettings.DEFAULT_LEASE_DURATION;

        /** How long the leader tries to renew before it gives up leadership; less than lease-duration. */
        private Duration renewDeadline = LeaseElectionSettings.DEFAULT_RENEW_DEADLINE;

        /** Pause between attempts to take or renew the lease. */
        private Duration retryPeriod = LeaseElectionSettings.DEFAULT_RETRY_PERIOD;

        public @Nullable String getAddress() {
            return address;
        }

        public void setAddress(@Nullable String address) {
            this.address = address;
        }

        public String getGroup() {
            return group;
        }

        public void setGroup(String group) {
            this.group = group;
        }

        public String getLeaseName() {
            return leaseName;
        }

        public void setLeaseName(String leaseName) {
            this.leaseName = leaseName;
        }

        public Duration getLeaseDuration() {
            return leaseDuration;
        }

        public void setLeaseDuration(Duration leaseDuration) {
            this.leaseDuration = leaseDuration;
        }

        public Duration getRenewDeadline() {
            return renewDeadline;
        }

        public void setRenewDeadline(Duration renewDeadline) {
            this.renewDeadline = renewDeadline;
        }

        public Duration getRetryPeriod() {
            return retryPeriod;
        }

        public void setRetryPeriod(Duration retryPeriod) {
            this.retryPeriod = retryPeriod;
        }
    }

    public static class Kubernetes {

        /** Namespace of the Lease; unset uses the client's (the pod's own in a cluster). */
        private @Nullable String namespace;

        /** Name of the coordination.k8s.io/v1 Lease. */
        private String leaseName = KubernetesElectionSettings.DEFAULT_LEASE_NAME;

        /** How long a Lease holds without renewal before another node may take it. */
        private Duration leaseDuration = KubernetesElectionSettings.DEFAULT_LEASE_DURATION;

        /** How long the leader tries to renew before it gives up leadership; less than lease-duration. */
        private Duration renewDeadline = KubernetesElectionSettings.DEFAULT_RENEW_DEADLINE;

        /** Pause between attempts to acquire or renew; renew-deadline must exceed 1.2 times it. */
        private Duration retryPeriod = KubernetesElectionSettings.DEFAULT_RETRY_PERIOD;

        public @Nullable String getNamespace() {
            return namespace;
        }

        public void setNamespace(@Nullable String namespace) {
            this.namespace = namespace;
        }

        public String getLeaseName() {
            return leaseName;
        }

        public void setLeaseName(String leaseName) {
            this.leaseName = leaseName;
        }

        public Duration getLeaseDuration() {
            return leaseDuration;
        }

        public void setLeaseDuration(Duration leaseDuration) {
            this.leaseDuration = leaseDuration;
        }

        public Duration getRenewDeadline() {
            return renewDeadline;
        }

        public void setRenewDeadline(Duration renewDeadline) {
            this.renewDeadline = renewDeadline;
        }

        public Duration getRetryPeriod() {
            return retryPeriod;
        }

        public void setRetryPeriod(Duration retryPeriod) {
            this.retryPeriod = retryPeriod;
        }
    }
}
