package io.dubboai.controlplane.election;

import java.time.Duration;

/**
 * Settings of the config-center lease election ({@code dubbo.ai.election.lease.*}): a lease document in the Dubbo
 * config center (Nacos or ZooKeeper), taken and renewed by compare-and-set. The durations mean what they mean for a
 * Kubernetes Lease, and default to the same values.
 *
 * @param address the config center holding the lease, e.g. {@code nacos://127.0.0.1:8848}; by default the config
 *     center (or registry) of the application
 * @param group the config-center group of the lease document. Default {@value #DEFAULT_GROUP}.
 * @param leaseName the lease document's key: letters, digits, '.', '_' and '-'. Default {@value #DEFAULT_LEASE_NAME}.
 * @param leaseDuration how long a lease holds without renewal before another node may take it. Default 15s.
 * @param renewDeadline how long the leader keeps trying to renew before it gives up leadership; less than {@code
 *     leaseDuration}, so it stops its leader components before anyone else may start theirs. Default 10s.
 * @param retryPeriod pause between attempts to acquire or renew; at most half of {@code renewDeadline}. Default 2s.
 */
public record LeaseElectionSettings(
        String address,
        String group,
        String leaseName,
        Duration leaseDuration,
        Duration renewDeadline,
        Duration retryPeriod) {

    /** The default group of the lease document. */
    public static final String DEFAULT_GROUP = "dubbo-ai-election";
    /** The default key of the lease document. */
    public static final String DEFAULT_LEASE_NAME = "dubbo-ai-leader";
    /** The default lease duration. */
    public static final Duration DEFAULT_LEASE_DURATION = Duration.ofSeconds(15);
    /** The default renew deadline. */
    public static final Duration DEFAULT_RENEW_DEADLINE = Duration.ofSeconds(10);
    /** The default retry period. */
    public static final Duration DEFAULT_RETRY_PERIOD = Duration.ofSeconds(2);

    private static final String PREFIX = "dubbo.ai.election.lease.";

    /** Validates every field and the ordering 2 x retry &lt;= renew &lt; lease; messages name the settings. */
    public LeaseElectionSettings {
        if (address == null || !address.contains("://")) {
            throw new IllegalArgumentException(PREFIX + "address must be a config-center address such as"
                    + " nacos://127.0.0.1:8848 or zookeeper://127.0.0.1:2181, but was '" + address + "'");
        }
        requireName("group", group);
        requireName("lease-name", leaseName);
        requirePositive("lease-duration", leaseDuration);
        requirePositive("renew-deadline", renewDeadline);
        requirePositive("retry-period", retryPeriod);
        if (leaseDuration.compareTo(renewDeadline) <= 0) {
            throw new IllegalArgumentException(PREFIX + "lease-duration (" + leaseDuration
                    + ") must be greater than renew-deadline (" + renewDeadline + "): a leader must give up before"
                    + " its lease can be taken; e.g. 15s and 10s");
        }
        if (retryPeriod.multipliedBy(2).compareTo(renewDeadline) > 0) {
            throw new IllegalArgumentException(PREFIX + "renew-deadline (" + renewDeadline
                    + ") must be at least twice retry-period (" + retryPeriod + "), so a leader tries to renew at"
                    + " least twice before it gives up; e.g. 10s and 2s");
        }
    }

    /** The defaults on the config center at {@code address}. */
    public static LeaseElectionSettings defaults(String address) {
        return new LeaseElectionSettings(
                address,
                DEFAULT_GROUP,
                DEFAULT_LEASE_NAME,
                DEFAULT_LEASE_DURATION,
                DEFAULT_RENEW_DEADLINE,
                DEFAULT_RETRY_PERIOD);
    }

    private static void requireName(String setting, String value) {
        if (value == null || !value.matches("[A-Za-z0-9._-]{1,128}")) {
            throw new IllegalArgumentException(
                    PREFIX + setting + " must be 1 to 128 letters, digits, '.', '_' or '-', but was '" + value + "'");
        }
    }

    private static void requirePositive(String setting, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(PREFIX + setting + " must be positive, but was " + value);
        }
    }
}
