package io.dubboai.controlplane.dubbo;

import io.dubboai.controlplane.component.BackoffConfig;
import io.dubboai.controlplane.election.ElectionSettings;
import io.dubboai.controlplane.election.ElectionType;
import io.dubboai.controlplane.election.KubernetesElectionSettings;
import io.dubboai.controlplane.election.LeaseElectionSettings;
import io.dubboai.controlplane.election.ZooKeeperElectionSettings;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Reads the election and back-off settings from flat {@code dubbo.ai.*} keys, as Dubbo's configuration (system
 * properties, environment, {@code dubbo.properties}, the config center) provides them. The keys are those of the
 * Spring Boot properties ({@code docs/control-plane.md} lists them); durations take {@code 500ms}, {@code 15s},
 * {@code 1m}, ISO-8601 ({@code PT15S}) or plain milliseconds.
 */
final class DubboComponentSettings {

    private static final Pattern SIMPLE_DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h)?");

    private final Function<String, @Nullable String> lookup;

    DubboComponentSettings(Function<String, @Nullable String> lookup) {
        this.lookup = lookup;
    }

    boolean enabled() {
        String value = get("dubbo.ai.components.enabled");
        return value == null || Boolean.parseBoolean(value.trim());
    }

    /**
     * The election settings.
     *
     * @param registryAddress the Dubbo registry address, the default ZooKeeper address of the zookeeper election
     */
    ElectionSettings election(@Nullable String registryAddress) {
        String typeName = get("dubbo.ai.election.type");
        ElectionType type = typeName == null ? ElectionType.SINGLE : ElectionType.fromName(typeName);
        String identity = get("dubbo.ai.election.identity");
        String id = identity == null ? ElectionSettings.defaultIdentity() : identity;
        return switch (type) {
            case SINGLE -> ElectionSettings.single(id);
            case ZOOKEEPER -> {
                String address = get("dubbo.ai.election.zookeeper.address");
                if (address == null && registryAddress != null && registryAddress.startsWith("zookeeper://")) {
                    address = registryAddress;
                }
                ZooKeeperElectionSettings zookeeper = address == null
                        ? null
                        : new ZooKeeperElectionSettings(
                                address,
                                orDefault("dubbo.ai.election.zookeeper.path", ZooKeeperElectionSettings.DEFAULT_PATH),
                                duration(
                                        "dubbo.ai.election.zookeeper.session-timeout",
                                        ZooKeeperElectionSettings.DEFAULT_SESSION_TIMEOUT),
                                duration(
                                        "dubbo.ai.election.zookeeper.connection-timeout",
                                        ZooKeeperElectionSettings.DEFAULT_CONNECTION_TIMEOUT));
                yield new ElectionSettings(type, id, zookeeper, null);
            }
            case LEASE -> {
                String address = get("dubbo.ai.election.lease.address");
                if (address == null) {
                    address = registryAddress;
                }
                yield new ElectionSettings(
                        type,
                        id,
                        null,
                        null,
                        address == null
                                ? null
                                : new LeaseElectionSettings(
                                        address,
                                        orDefault("dubbo.ai.election.lease.group", LeaseElectionSettings.DEFAULT_GROUP),
                                        orDefault(
                                                "dubbo.ai.election.lease.lease-name",
                                                LeaseElectionSettings.DEFAULT_LEASE_NAME),
                                        duration(
                                                "dubbo.ai.election.lease.lease-duration",
                                                LeaseElectionSettings.DEFAULT_LEASE_DURATION),
                                        duration(
                                                "dubbo.ai.election.lease.renew-deadline",
                                                LeaseElectionSettings.DEFAULT_RENEW_DEADLINE),
                                        duration(
                                                "dubbo.ai.election.lease.retry-period",
                                                LeaseElectionSettings.DEFAULT_RETRY_PERIOD)));
            }
            case KUBERNETES ->
                new ElectionSettings(
                        type,
                        id,
                        null,
                        new KubernetesElectionSettings(
                                get("dubbo.ai.election.kubernetes.namespace"),
                                orDefault(
                                        "dubbo.ai.election.kubernetes.lease-name",
                                        KubernetesElectionSettings.DEFAULT_LEASE_NAME),
                                duration(
                                        "dubbo.ai.election.kubernetes.lease-duration",
                                        KubernetesElectionSettings.DEFAULT_LEASE_DURATION),
                                duration(
                                        "dubbo.ai.election.kubernetes.renew-deadline",
                                        KubernetesElectionSettings.DEFAULT_RENEW_DEADLINE),
                                duration(
                                        "dubbo.ai.election.kubernetes.retry-period",
                                        KubernetesElectionSettings.DEFAULT_RETRY_PERIOD)));
        };
    }

    BackoffConfig backoff() {
        BackoffConfig defaults = BackoffConfig.DEFAULTS;
        return new BackoffConfig(
                duration("dubbo.ai.components.backoff.initial-delay", defaults.initialDelay()),
                duration("dubbo.ai.components.backoff.max-delay", defaults.maxDelay()),
                number("dubbo.ai.components.backoff.multiplier", defaults.multiplier()),
                number("dubbo.ai.components.backoff.jitter", defaults.jitter()));
    }

    private @Nullable String get(String key) {
        String value = lookup.apply(key);
        return value == null || value.isBlank() ? null : value.trim();
    }

    private String orDefault(String key, String defaultValue) {
        String value = get(key);
        return value == null ? defaultValue : value;
    }

    private double number(String key, double defaultValue) {
        String value = get(key);
        if (value == null) {
            return defaultValue;
        }
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    key + " must be a number, e.g. " + defaultValue + ", but was '" + value + "'");
        }
    }

    /** Parses {@code 500ms}, {@code 15s}, {@code 2m}, {@code 1h}, {@code PT15S} or milliseconds. */
    Duration duration(String key, Duration defaultValue) {
        String value = get(key);
        if (value == null) {
            return defaultValue;
        }
        Matcher simple = SIMPLE_DURATION.matcher(value.toLowerCase(Locale.ROOT));
        if (simple.matches()) {
            long amount = Long.parseLong(simple.group(1));
            String unit = simple.group(2);
            return switch (unit == null ? "ms" : unit) {
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofMillis(amount);
            };
        }
        try {
            return Duration.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(
                    key + " must be a duration such as 500ms, 15s, 2m or PT15S, but was '" + value + "'");
        }
    }
}
