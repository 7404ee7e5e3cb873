package io.dubboai.modelhost;

import io.dubboai.controlplane.fleet.FleetDocuments;
import io.dubboai.core.secret.Secrets;
import io.dubboai.serving.loader.LoadOptions;
import io.dubboai.serving.provider.QosConfig;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Everything a {@link ModelHost} needs. Built from {@code dubbo.ai.host.*} settings by {@link #fromProperties} (the
 * main class reads them from system properties and a properties file; see {@code docs/serving.md#model-hosts}).
 *
 * @param hostId this host's id in the fleet documents, e.g. {@code gpu-host-1}
 * @param registryAddress the Dubbo registry consumers discover providers in, e.g. {@code zookeeper://127.0.0.1:2181}
 * @param configCenterAddress where the fleet documents live (the control plane's document store)
 * @param documentGroup the config-center group of the fleet documents
 * @param bindHost the address to bind and publish, e.g. {@code 127.0.0.1}
 * @param port the host's one Triple port
 * @param memoryBudgetBytes memory the loaded versions may hold together
 * @param memoryFactor a loaded version is taken to hold this many times its artifact's size, unless the version's
 *     {@code serving.memory-bytes} parameter says
 * @param heartbeatInterval how often the host rewrites its status document
 * @param drainGrace after a version is unregistered, how long it keeps answering calls that consumers routed before
 *     they heard of the removal; must exceed twice the consumers' registry notification delay: Dubbo's ZooKeeper
 *     registry hands a consumer at most one address change per {@code delay-notification} (5 s by default), sleeping
 *     on the children list it had, so a removal right after another change arrives up to two delays later
 * @param drainTimeout longest wait for in-flight calls of a removed version before it is unloaded anyway
 * @param cacheDir the artifact cache directory
 * @param cacheBudgetBytes the artifact cache's size budget
 * @param modelRegistryUri the model registry's REST base URI (the admin server), e.g. {@code http://127.0.0.1:8080}
 * @param modelRegistryToken a bearer token of the viewer role, or null where the registry needs none
 * @param s3 the S3 endpoint settings for {@code s3:} artifacts
 * @param artifactSchemes the artifact URI schemes this host fetches
 * @param loadOptions the execution provider and device versions are loaded on
 * @param qos Dubbo's QoS server, where {@code GET /metrics} serves every version's meters (with
 *     {@code dubbo-ai-monitor}, a dependency of this module) and {@code aiSketches} their input sketches; its port is
 *     published with each version as {@code dubbo-ai-metrics-port}
 * @param maxVersions how many versions the host loads and serves at a time (0: no limit beyond the memory budget);
 *     must be 1 on a Nacos registry ({@link #NACOS_SHARED_PORT})
 */
public record ModelHostConfig(
        String hostId,
        String registryAddress,
        String configCenterAddress,
        String documentGroup,
        String bindHost,
        int port,
        long memoryBudgetBytes,
        double memoryFactor,
        Duration heartbeatInterval,
        Duration drainGrace,
        Duration drainTimeout,
        Path cacheDir,
        long cacheBudgetBytes,
        URI modelRegistryUri,
        @Nullable String modelRegistryToken,
        S3Settings s3,
        Set<String> artifactSchemes,
        LoadOptions loadOptions,
        QosConfig qos,
        int maxVersions) {

    /** The prefix of every setting. */
    public static final String PREFIX = "dubbo.ai.host.";

    /**
     * Why a host on a Nacos registry must set {@code max-versions=1}. Dubbo 3.3's {@code NacosRegistry} keeps each
     * provider URL as a Nacos instance of service {@code providers:<interface>::}, so every version of a host is an
     * instance at the same {@code ip:port}: when one version is unregistered, its {@code
     * NacosNamingServiceWrapper.deregisterInstance(service, group, ip, port)} removes every instance at that address,
     * and the Nacos client compares instance lists by {@code ip:port}, so consumers may not even hear of a change
     * between versions at one address. Measured on Nacos 2.5.1 ({@code NacosModelHostTest}, docs/serving.md).
     */
    public static final String NACOS_SHARED_PORT = PREFIX
            + "registry-address is a Nacos registry, where a model host cannot serve several versions on its one"
            + " Triple port: Dubbo's Nacos registry unregisters every provider URL at the host's ip:port when one"
            + " version is removed, and the Nacos client tells consumers of no change between versions at one ip:port."
            + " Set " + PREFIX + "max-versions=1 (one version per host; run one host per served version, each on its"
            + " own port), or use a ZooKeeper registry for several versions per host; see docs/serving.md#model-hosts";

    /** Validates ids, ports and bounds. */
    public ModelHostConfig {
        FleetDocuments.requireHostId(hostId);
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException(PREFIX + "port must be 1..65535, but was " + port);
        }
        if (memoryBudgetBytes < 1) {
            throw new IllegalArgumentException(
                    PREFIX + "memory-budget-bytes must be >= 1, but was " + memoryBudgetBytes);
        }
        if (!(memoryFactor >= 1.0)) {
            throw new IllegalArgumentException(PREFIX + "memory-factor must be >= 1.0, but was " + memoryFactor);
        }
        if (heartbeatInterval.isNegative() || heartbeatInterval.isZero()) {
            throw new IllegalArgumentException(
                    PREFIX + "heartbeat-interval-ms must be positive, but was " + heartbeatInterval.toMillis());
        }
        if (drainGrace.isNegative() || drainTimeout.isNegative()) {
            throw new IllegalArgumentException(PREFIX + "drain-grace-ms and drain-timeout-ms must be >= 0");
        }
        Objects.requireNonNull(s3, "s3");
        Objects.requireNonNull(qos, "qos");
        if (maxVersions < 0) {
            throw new IllegalArgumentException(
                    PREFIX + "max-versions must be >= 0 (0: no limit), but was " + maxVersions);
        }
        if (isNacos(registryAddress) && maxVersions != 1) {
            throw new IllegalArgumentException(NACOS_SHARED_PORT
                    + (maxVersions == 0 ? "" : " (" + PREFIX + "max-versions is " + maxVersions + ")"));
        }
        artifactSchemes = Set.copyOf(artifactSchemes);
        if (artifactSchemes.isEmpty()) {
            throw new IllegalArgumentException(PREFIX + "artifact-schemes is empty; allow at least one, e.g. s3");
        }
    }

    /**
     * S3 endpoint settings, as for the registry's S3 artifact store; credentials come from the AWS default provider
     * chain or the named profile.
     *
     * @param endpoint an S3-compatible endpoint such as {@code http://minio:9000}, or null for AWS
     * @param region the region, e.g. {@code us-east-1}
     * @param pathStyle whether buckets are addressed as {@code endpoint/bucket} (MinIO, S3Mock)
     * @param profile a named profile of the shared AWS files, or null
     */
    public record S3Settings(
            @Nullable String endpoint,
            String region,
            boolean pathStyle,
            @Nullable String profile) {}

    /**
     * Reads the settings ({@code dubbo.ai.host.} + the names below); unknown {@code dubbo.ai.host.*} keys are refused
     * so that a typo does not pass silently.
     *
     * <table>
     *   <caption>settings</caption>
     *   <tr><th>key</th><th>default</th></tr>
     *   <tr><td>{@code id}</td><td>required</td></tr>
     *   <tr><td>{@code registry-address}</td><td>required, e.g. {@code zookeeper://127.0.0.1:2181}</td></tr>
     *   <tr><td>{@code config-center-address}</td><td>the registry address</td></tr>
     *   <tr><td>{@code document-group}</td><td>{@value FleetDocuments#DEFAULT_GROUP}</td></tr>
     *   <tr><td>{@code bind-host}</td><td>{@code 127.0.0.1}</td></tr>
     *   <tr><td>{@code port}</td><td>{@code 50051}</td></tr>
     *   <tr><td>{@code memory-budget-bytes}</td><td>4 GiB</td></tr>
     *   <tr><td>{@code memory-factor}</td><td>{@code 2.0}</td></tr>
     *   <tr><td>{@code heartbeat-interval-ms}</td><td>{@code 5000}</td></tr>
     *   <tr><td>{@code drain-grace-ms}</td><td>{@code 15000}</td></tr>
     *   <tr><td>{@code drain-timeout-ms}</td><td>{@code 30000}</td></tr>
     *   <tr><td>{@code cache-dir}</td><td>{@code <java.io.tmpdir>/dubbo-ai-host-<id>}</td></tr>
     *   <tr><td>{@code cache-budget-bytes}</td><td>10 GiB</td></tr>
     *   <tr><td>{@code model-registry-url}</td><td>required, e.g. {@code http://127.0.0.1:8080}</td></tr>
     *   <tr><td>{@code model-registry-token}</td><td>none (environment {@code DUBBO_AI_HOST_MODEL_REGISTRY_TOKEN})</td></tr>
     *   <tr><td>{@code s3.endpoint}, {@code s3.region}, {@code s3.path-style}, {@code s3.profile}</td>
     *       <td>AWS, {@code us-east-1}, {@code false}, none</td></tr>
     *   <tr><td>{@code artifact-schemes}</td><td>{@code s3,https,file}</td></tr>
     *   <tr><td>{@code execution-provider}, {@code device-id}</td><td>{@code cpu}, {@code 0}</td></tr>
     *   <tr><td>{@code qos-enabled}, {@code qos-port}</td><td>{@code true}, {@code 22222} (0: a free port)</td></tr>
     * </table>
     *
     * @throws IllegalArgumentException naming the setting that is missing, unknown or not valid
     */
    public static ModelHostConfig fromProperties(Map<String, String> properties) {
        Map<String, String> settings = new LinkedHashMap<>();
        properties.forEach((key, value) -> {
            if (key.startsWith(PREFIX)) {
                settings.put(key.substring(PREFIX.length()), value.trim());
            }
        });
        Set<String> unknown = settings.keySet().stream()
                .filter(key -> !KNOWN.contains(key))
                .map(key -> PREFIX + key)
                .collect(Collectors.toCollection(java.util.TreeSet::new));
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown model host settings " + unknown + "; known: "
                    + KNOWN.stream().map(key -> PREFIX + key).sorted().toList());
        }
        String id = required(settings, "id");
        String registry = required(settings, "registry-address");
        String token = settings.get("model-registry-token");
        if (token == null || token.isBlank()) {
            token = System.getenv("DUBBO_AI_HOST_MODEL_REGISTRY_TOKEN");
        }
        LoadOptions.ExecutionProvider provider;
        String providerText = settings.getOrDefault("execution-provider", "cpu");
        try {
            provider = LoadOptions.ExecutionProvider.valueOf(providerText.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(PREFIX + "execution-provider is '" + providerText + "'; use one of "
                    + Arrays.stream(LoadOptions.ExecutionProvider.values())
                            .map(p -> p.name().toLowerCase(Locale.ROOT))
                            .toList());
        }
        String registryUrl = required(settings, "model-registry-url");
        URI registryUri;
        try {
            registryUri = URI.create(registryUrl);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(PREFIX + "model-registry-url '" + Secrets.maskAddress(registryUrl)
                    + "' is not a URI; write it as http(s)://host:port");
        }
        return new ModelHostConfig(
                id,
                registry,
                settings.getOrDefault("config-center-address", registry),
                settings.getOrDefault("document-group", FleetDocuments.DEFAULT_GROUP),
                settings.getOrDefault("bind-host", "127.0.0.1"),
                (int) number(settings, "port", 50051),
                number(settings, "memory-budget-bytes", 4L << 30),
                decimal(settings, "memory-factor", 2.0),
                Duration.ofMillis(number(settings, "heartbeat-interval-ms", 5000)),
                Duration.ofMillis(number(settings, "drain-grace-ms", 15000)),
                Duration.ofMillis(number(settings, "drain-timeout-ms", 30000)),
                Path.of(settings.getOrDefault(
                        "cache-dir",
                        Path.of(System.getProperty("java.io.tmpdir"), "dubbo-ai-host-" + id)
                                .toString())),
                number(settings, "cache-budget-bytes", 10L << 30),
                registryUri,
                token == null || token.isBlank() ? null : token.trim(),
                new S3Settings(
                        settings.get("s3.endpoint"),
                        settings.getOrDefault("s3.region", "us-east-1"),
                        Boolean.parseBoolean(settings.getOrDefault("s3.path-style", "false")),
                        settings.get("s3.profile")),
                Arrays.stream(settings.getOrDefault("artifact-schemes", "s3,https,file")
                                .split(","))
                        .map(String::trim)
                        .filter(s -> !s.isEmpty())
                        .collect(Collectors.toSet()),
                LoadOptions.DEFAULTS.withExecutionProvider(provider, (int) number(settings, "device-id", 0)),
                qos(settings),
                (int) number(settings, "max-versions", 0));
    }

    /** Whether a Dubbo registry address names a Nacos registry (alone or among several). */
    static boolean isNacos(String registryAddress) {
        return registryAddress.toLowerCase(Locale.ROOT).contains("nacos://");
    }

    private static QosConfig qos(Map<String, String> settings) {
        String enabled = settings.getOrDefault("qos-enabled", "true");
        if (!enabled.equalsIgnoreCase("true") && !enabled.equalsIgnoreCase("false")) {
            throw new IllegalArgumentException(PREFIX + "qos-enabled is '" + enabled + "'; write true or false");
        }
        long port = number(settings, "qos-port", QosConfig.DEFAULT_PORT);
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(
                    PREFIX + "qos-port must be 0 (a free port) or 1..65535, but was " + port);
        }
        return Boolean.parseBoolean(enabled)
                ? QosConfig.loopback((int) port)
                : new QosConfig(false, "127.0.0.1", (int) port, false);
    }

    private static final Set<String> KNOWN = Set.of(
            "id",
            "registry-address",
            "config-center-address",
            "document-group",
            "bind-host",
            "port",
            "memory-budget-bytes",
            "memory-factor",
            "heartbeat-interval-ms",
            "drain-grace-ms",
            "drain-timeout-ms",
            "cache-dir",
            "cache-budget-bytes",
            "model-registry-url",
            "model-registry-token",
            "s3.endpoint",
            "s3.region",
            "s3.path-style",
            "s3.profile",
            "artifact-schemes",
            "execution-provider",
            "device-id",
            "qos-enabled",
            "qos-port",
            "max-versions");

    /** The settings as {@code dubbo.ai.host.*} properties, the token masked: for the start-up log. */
    public List<String> describe() {
        return List.of(
                "id=" + hostId,
                "registry-address=" + Secrets.maskAddress(registryAddress),
                "config-center-address=" + Secrets.maskAddress(configCenterAddress),
                "document-group=" + documentGroup,
                "triple=" + bindHost + ":" + port,
                "memory-budget-bytes=" + memoryBudgetBytes,
                "memory-factor=" + memoryFactor,
                "max-versions=" + (maxVersions == 0 ? "no limit" : maxVersions),
                "model-registry-url=" + Secrets.maskAddress(modelRegistryUri.toString()),
                "model-registry-token=" + (modelRegistryToken == null ? "none" : Secrets.MASK),
                "cache-dir=" + cacheDir,
                "artifact-schemes=" + artifactSchemes.stream().sorted().toList(),
                "execution-provider=" + loadOptions.executionProvider(),
                "qos=" + (qos.enabled() ? qos.host() + ":" + (qos.port() == 0 ? "<free port>" : qos.port()) : "off"));
    }

    private static String required(Map<String, String> settings, String key) {
        String value = settings.get(key);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(PREFIX + key + " is required; see docs/serving.md#model-hosts");
        }
        return value;
    }

    private static long number(Map<String, String> settings, String key, long fallback) {
        String text = settings.get(key);
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(PREFIX + key + " is '" + text + "'; give a whole number");
        }
    }

    private static double decimal(Map<String, String> settings, String key, double fallback) {
        String text = settings.get(key);
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(PREFIX + key + " is '" + text + "'; give a number such as 2.0");
        }
    }
}
