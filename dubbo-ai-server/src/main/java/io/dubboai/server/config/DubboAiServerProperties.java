package io.dubboai.server.config;

import io.dubboai.controlplane.election.ElectionType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the dubbo-ai server under {@code dubbo.ai.server}. Plain JavaBean bound by Spring Boot (which also turns
 * the field comments into IDE metadata); {@link ServerSettings#from(DubboAiServerProperties)} checks it and maps it
 * into an immutable record at the edge.
 */
@ConfigurationProperties(prefix = DubboAiServerProperties.PREFIX)
public class DubboAiServerProperties {

    /** The property prefix. */
    public static final String PREFIX = "dubbo.ai.server";

    /** Deploy mode: embedded (own ZooKeeper), universal (external ZooKeeper or Nacos) or kubernetes. */
    private DeployMode mode = DeployMode.EMBEDDED;

    /** Directory for the server's own data: embedded ZooKeeper data, the file security store, file artifacts. */
    private Path dataDir = Path.of("data");

    /**
     * Dubbo registry address, e.g. zookeeper://zk:2181 or nacos://nacos:8848. Required in universal and kubernetes
     * mode; in embedded mode it is the embedded ZooKeeper's address and must be left empty.
     */
    private @Nullable String registryAddress;

    /** Dubbo config center address; empty means the registry doubles as config center (Dubbo's default). */
    private @Nullable String configCenterAddress;

    /** Leader election backend: single, zookeeper, kubernetes or lease; empty picks the mode's default. */
    private @Nullable ElectionType election;

    /** Artifact store URI, e.g. file:/var/lib/dubbo-ai/artifacts or s3://bucket/prefix; empty: {data-dir}/artifacts. */
    private @Nullable String artifactStore;

    private final Embedded embedded = new Embedded();

    private final Plugins plugins = new Plugins();

    private final Security security = new Security();

    public DeployMode getMode() {
        return mode;
    }

    public void setMode(DeployMode mode) {
        this.mode = mode;
    }

    public Path getDataDir() {
        return dataDir;
    }

    public void setDataDir(Path dataDir) {
        this.dataDir = dataDir;
    }

    public @Nullable String getRegistryAddress() {
        return registryAddress;
    }

    public void setRegistryAddress(@Nullable String registryAddress) {
        this.registryAddress = registryAddress;
    }

    public @Nullable String getConfigCenterAddress() {
        return configCenterAddress;
    }

    public void setConfigCenterAddress(@Nullable String configCenterAddress) {
        this.configCenterAddress = configCenterAddress;
    }

    public @Nullable ElectionType getElection() {
        return election;
    }

    public void setElection(@Nullable ElectionType election) {
        this.election = election;
    }

    public @Nullable String getArtifactStore() {
        return artifactStore;
    }

    public void setArtifactStore(@Nullable String artifactStore) {
        this.artifactStore = artifactStore;
    }

    public Embedded getEmbedded() {
        return embedded;
    }

    public Plugins getPlugins() {
        return plugins;
    }

    public Security getSecurity() {
        return security;
    }

    /** Settings of the embedded mode. */
    public static class Embedded {

        /** Port of the embedded ZooKeeper on 127.0.0.1; 0 picks a free port. */
        private int zookeeperPort = 2181;

        public int getZookeeperPort() {
            return zookeeperPort;
        }

        public void setZookeeperPort(int zookeeperPort) {
            this.zookeeperPort = zookeeperPort;
        }
    }

    /** Drop-in jars loaded at start. */
    public static class Plugins {

        /** Folder whose *.jar files are added to the class path at start; a missing folder loads nothing. */
        private Path dir = Path.of("plugins");

        public Path getDir() {
            return dir;
        }

        public void setDir(Path dir) {
            this.dir = dir;
        }
    }

    /** API security. */
    public static class Security {

        /** Where users, token hashes and the audit log live: file (in data-dir) or config-center; empty: by mode. */
        private @Nullable StoreKind store;

        /** Lifetime of the token issued at login. */
        private Duration sessionTtl = Duration.ofHours(8);

        /** Audit entries kept; the oldest are dropped beyond it. */
        private int auditCapacity = 10_000;

        /**
         * POST paths that only read (MLflow's read calls that use POST, the monitoring analysis), allowed to viewers.
         * Ant-style patterns.
         */
        private List<String> readOnlyPostPaths = new ArrayList<>(
                List.of("/api/2.0/mlflow/registered-models/get-latest-versions", "/api/v1/ai/monitoring/analyses"));

        public @Nullable StoreKind getStore() {
            return store;
        }

        public void setStore(@Nullable StoreKind store) {
            this.store = store;
        }

        public Duration getSessionTtl() {
            return sessionTtl;
        }

        public void setSessionTtl(Duration sessionTtl) {
            this.sessionTtl = sessionTtl;
        }

        public int getAuditCapacity() {
            return auditCapacity;
        }

        public void setAuditCapacity(int auditCapacity) {
            this.auditCapacity = auditCapacity;
        }

        private final LoginLimit loginLimit = new LoginLimit();

        public List<String> getReadOnlyPostPaths() {
            return readOnlyPostPaths;
        }

        public void setReadOnlyPostPaths(List<String> readOnlyPostPaths) {
            this.readOnlyPostPaths = readOnlyPostPaths;
        }

        public LoginLimit getLoginLimit() {
            return loginLimit;
        }
    }

    /**
     * Brute-force protection of the login: failures are counted per user name and per client address, in memory on
     * each replica.
     */
    public static class LoginLimit {

        /** Failed logins allowed per user name (existing or not) within the window; then it is locked. */
        private int maxFailuresPerUser = 5;

        /** Failed logins allowed per client address within the window; then it is locked. */
        private int maxFailuresPerAddress = 20;

        /** How long failures are counted, from a key's first failure. */
        private Duration window = Duration.ofMinutes(15);

        /** How long a locked user name or address is refused (429 with Retry-After). */
        private Duration lockout = Duration.ofMinutes(15);

        /** User names and addresses tracked at once; beyond it new ones share overflow counters. */
        private int maxTrackedKeys = 100_000;

        public int getMaxFailuresPerUser() {
            return maxFailuresPerUser;
        }

        public void setMaxFailuresPerUser(int maxFailuresPerUser) {
            this.maxFailuresPerUser = maxFailuresPerUser;
        }

        public int getMaxFailuresPerAddress() {
            return maxFailuresPerAddress;
        }

        public void setMaxFailuresPerAddress(int maxFailuresPerAddress) {
            this.maxFailuresPerAddress = maxFailuresPerAddress;
        }

        public Duration getWindow() {
            return window;
        }

        public void setWindow(Duration window) {
            this.window = window;
        }

        public Duration getLockout() {
            return lockout;
        }

        public void setLockout(Duration lockout) {
            this.lockout = lockout;
        }

        public int getMaxTrackedKeys() {
            return maxTrackedKeys;
        }

        public void setMaxTrackedKeys(int maxTrackedKeys) {
            this.maxTrackedKeys = maxTrackedKeys;
        }
    }
}
