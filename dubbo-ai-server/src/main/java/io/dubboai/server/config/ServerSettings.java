package io.dubboai.server.config;

import io.dubboai.controlplane.election.ElectionType;
import io.dubboai.core.secret.Secrets;
import io.dubboai.server.security.LoginThrottle;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The checked, immutable form of {@link DubboAiServerProperties}: every default resolved from the deploy mode.
 *
 * @param mode the deploy mode
 * @param dataDir the server's data directory
 * @param registryAddress the Dubbo registry address; {@code null} in embedded mode until the embedded ZooKeeper runs
 * @param configCenterAddress the config center address, {@code null} when the registry doubles as config center
 * @param election the leader election backend
 * @param artifactStore the artifact store URI
 * @param embeddedZooKeeperPort the embedded ZooKeeper's port (embedded mode)
 * @param pluginDir the plugin folder
 * @param store where users, token hashes and the audit log live
 * @param sessionTtl lifetime of login tokens
 * @param auditCapacity number of audit entries kept
 * @param readOnlyPostPaths POST paths that only read
 * @param loginLimits brute-force protection of the login
 */
public record ServerSettings(
        DeployMode mode,
        Path dataDir,
        @Nullable String registryAddress,
        @Nullable String configCenterAddress,
        ElectionType election,
        String artifactStore,
        int embeddedZooKeeperPort,
        Path pluginDir,
        StoreKind store,
        Duration sessionTtl,
        int auditCapacity,
        List<String> readOnlyPostPaths,
        LoginThrottle.Limits loginLimits) {

    /** Checks every cross-field rule; a violation names the property, its value and the fix. */
    public ServerSettings {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(election, "election");
        Objects.requireNonNull(artifactStore, "artifactStore");
        Objects.requireNonNull(pluginDir, "pluginDir");
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(sessionTtl, "sessionTtl");
        Objects.requireNonNull(loginLimits, "loginLimits");
        readOnlyPostPaths = List.copyOf(readOnlyPostPaths);
        String p = DubboAiServerProperties.PREFIX;
        if (mode == DeployMode.EMBEDDED && registryAddress != null) {
            throw new InvalidServerConfigurationException(
                    p + ".registry-address",
                    registryAddress,
                    "embedded mode starts its own ZooKeeper and uses its address",
                    "remove " + p + ".registry-address, or set " + p + ".mode=universal to use an external registry");
        }
        if (election == ElectionType.LEASE && mode == DeployMode.EMBEDDED) {
            throw new InvalidServerConfigurationException(
                    p + ".election",
                    "lease",
                    "embedded mode runs one node on its own ZooKeeper",
                    "remove " + p + ".election (embedded mode uses single), or set " + p + ".mode=universal");
        }
        if (mode != DeployMode.EMBEDDED && registryAddress == null) {
            throw new InvalidServerConfigurationException(
                    p + ".registry-address",
                    null,
                    mode.name().toLowerCase(java.util.Locale.ROOT) + " mode needs an external registry",
                    "set " + p + ".registry-address, e.g. zookeeper://zk:2181 or nacos://nacos:8848, or set " + p
                            + ".mode=embedded");
        }
        if (registryAddress != null && !registryAddress.contains("://")) {
            throw new InvalidServerConfigurationException(
                    p + ".registry-address",
                    registryAddress,
                    "the address has no protocol",
                    "write it as a Dubbo URL such as zookeeper://host:2181 or nacos://host:8848");
        }
        if (election == ElectionType.ZOOKEEPER
                && registryAddress != null
                && !registryAddress.startsWith("zookeeper://")) {
            throw new InvalidServerConfigurationException(
                    p + ".election",
                    "zookeeper",
                    "ZooKeeper election needs a ZooKeeper registry, but the registry is "
                            + Secrets.maskAddress(registryAddress),
                    "set " + p + ".election=lease (a lease in the config center, e.g. on Nacos), use a zookeeper://"
                            + " registry, or set " + p + ".election=kubernetes (on Kubernetes)");
        }
        if (election == ElectionType.SINGLE && mode == DeployMode.KUBERNETES) {
            throw new InvalidServerConfigurationException(
                    p + ".election",
                    "single",
                    "single-node election lets every replica lead at once",
                    "set " + p + ".election=kubernetes (the default in kubernetes mode)");
        }
        if (embeddedZooKeeperPort < 0 || embeddedZooKeeperPort > 65535) {
            throw new InvalidServerConfigurationException(
                    p + ".embedded.zookeeper-port",
                    Integer.toString(embeddedZooKeeperPort),
                    "not a TCP port",
                    "use 1..65535, or 0 for a free port");
        }
        if (store == StoreKind.FILE && mode == DeployMode.KUBERNETES) {
            throw new InvalidServerConfigurationException(
                    p + ".security.store",
                    "file",
                    "replicas would each keep their own users, tokens and audit log",
                    "set " + p + ".security.store=config-center (the default outside embedded mode)");
        }
        if (sessionTtl.isNegative() || sessionTtl.isZero()) {
            throw new InvalidServerConfigurationException(
                    p + ".security.session-ttl", sessionTtl.toString(), "must be positive", "use e.g. 8h");
        }
        if (auditCapacity < 100) {
            throw new InvalidServerConfigurationException(
                    p + ".security.audit-capacity",
                    Integer.toString(auditCapacity),
                    "keeps too little history",
                    "use 100 or more (default 10000)");
        }
    }

    /** Checks {@code properties} and resolves every default from the deploy mode. */
    public static ServerSettings from(DubboAiServerProperties properties) {
        DeployMode mode = properties.getMode();
        DubboAiServerProperties.Security security = properties.getSecurity();
        ElectionType election = properties.getElection();
        StoreKind store = security.getStore();
        String artifactStore = blankToNull(properties.getArtifactStore());
        Path dataDir = properties.getDataDir().toAbsolutePath().normalize();
        return new ServerSettings(
                mode,
                dataDir,
                blankToNull(properties.getRegistryAddress()),
                blankToNull(properties.getConfigCenterAddress()),
                election != null ? election : mode.defaultElection(blankToNull(properties.getRegistryAddress())),
                artifactStore != null
                        ? artifactStore
                        : dataDir.resolve("artifacts").toUri().toString(),
                properties.getEmbedded().getZookeeperPort(),
                properties.getPlugins().getDir().toAbsolutePath().normalize(),
                store != null ? store : mode.defaultStore(),
                security.getSessionTtl(),
                security.getAuditCapacity(),
                security.getReadOnlyPostPaths(),
                loginLimits(security.getLoginLimit()));
    }

    /** Checks the login limits property by property, so a wrong one is named as the user wrote it. */
    private static LoginThrottle.Limits loginLimits(DubboAiServerProperties.LoginLimit limit) {
        String p = DubboAiServerProperties.PREFIX + ".security.login-limit.";
        if (limit.getMaxFailuresPerUser() < 1) {
            throw new InvalidServerConfigurationException(
                    p + "max-failures-per-user",
                    Integer.toString(limit.getMaxFailuresPerUser()),
                    "must be at least 1",
                    "use e.g. 5 (the default)");
        }
        if (limit.getMaxFailuresPerAddress() < 1) {
            throw new InvalidServerConfigurationException(
                    p + "max-failures-per-address",
                    Integer.toString(limit.getMaxFailuresPerAddress()),
                    "must be at least 1",
                    "use e.g. 20 (the default); raise it when many people log in through one NAT or proxy address");
        }
        requirePositive(p + "window", limit.getWindow());
        requirePositive(p + "lockout", limit.getLockout());
        if (limit.getMaxTrackedKeys() < 100) {
            throw new InvalidServerConfigurationException(
                    p + "max-tracked-keys",
                    Integer.toString(limit.getMaxTrackedKeys()),
                    "tracks too few user names and addresses",
                    "use 100 or more (default 100000)");
        }
        return new LoginThrottle.Limits(
                limit.getMaxFailuresPerUser(),
                limit.getMaxFailuresPerAddress(),
                limit.getWindow(),
                limit.getLockout(),
                limit.getMaxTrackedKeys());
    }

    private static void requirePositive(String property, @Nullable Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new InvalidServerConfigurationException(
                    property, String.valueOf(value), "must be positive", "use e.g. 15m (the default)");
        }
    }

    private static @Nullable String blankToNull(@Nullable String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
