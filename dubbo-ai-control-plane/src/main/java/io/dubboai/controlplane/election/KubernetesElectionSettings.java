package io.dubboai.controlplane.election;

import java.time.Duration;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Settings of the Kubernetes Lease election ({@code dubbo.ai.election.kubernetes.*}). The durations mean what they
 * mean for Kubernetes controllers, and default to the same values.
 *
 * @param namespace namespace of the Lease; {@code null} uses the client's namespace (the pod's own in a cluster)
 * @param leaseName name of the {@code coordination.k8s.io/v1} Lease; a DNS subdomain. Default
 *     {@value #DEFAULT_LEASE_NAME}.
 * @param leaseDuration how long a Lease holds without renewal before another node may take it. Default 15s.
 * @param renewDeadline how long the leader keeps trying to renew before it gives up leadership; less than {@code
 *     leaseDuration}, so it stops its leader components before anyone else may start theirs. Default 10s.
 * @param retryPeriod pause between attempts to acquire or renew; {@code renewDeadline} must exceed 1.2 times it (the
 *     retries are jittered by up to that factor). Default 2s.
 */
public record KubernetesElectionSettings(
        @Nullable String namespace,
        String leaseName,
        Duration leaseDuration,
        Duration renewDeadline,
        Duration retryPeriod) {

    /** The default Lease name. */
    public static final String DEFAULT_LEASE_NAME = "dubbo-ai-leader";
    /** The default lease duration. */
    public static final Duration DEFAULT_LEASE_DURATION = Duration.ofSeconds(15);
    /** The default renew deadline. */
    public static final Duration DEFAULT_RENEW_DEADLINE = Duration.ofSeconds(10);
    /** The default retry period. */
    public static final Duration DEFAULT_RETRY_PERIOD = Duration.ofSeconds(2);
    /** fabric8 waits up to this factor times the retry period between acquisition attempts. */
    static final double JITTER_FACTOR = 1.2;

    private static final Pattern DNS_SUBDOMAIN =
            Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

    /** Validates every field and the ordering retry &lt; renew &lt; lease; messages name the settings. */
    public KubernetesElectionSettings {
        if (namespace != null && namespace.isBlank()) {
            namespace = null;
        }
        if (leaseName == null
                || leaseName.length() > 253
                || !DNS_SUBDOMAIN.matcher(leaseName).matches()) {
            throw new IllegalArgumentException("dubbo.ai.election.kubernetes.lease-name must be a DNS subdomain"
                    + " (lower-case letters, digits, '-' and '.', at most 253 characters), e.g. " + DEFAULT_LEASE_NAME
                    + ", but was '" + leaseName + "'");
        }
        requirePositive("lease-duration", leaseDuration);
        requirePositive("renew-deadline", renewDeadline);
        requirePositive("retry-period", retryPeriod);
        if (leaseDuration.compareTo(renewDeadline) <= 0) {
            throw new IllegalArgumentException("dubbo.ai.election.kubernetes.lease-duration (" + leaseDuration
                    + ") must be greater than renew-deadline (" + renewDeadline + "): a leader must give up before"
                    + " its Lease can be taken; e.g. 15s and 10s");
        }
        if (renewDeadline.toNanos() <= JITTER_FACTOR * retryPeriod.toNanos()) {
            throw new IllegalArgumentException("dubbo.ai.election.kubernetes.renew-deadline (" + renewDeadline
                    + ") must be greater than " + JITTER_FACTOR + " x retry-period (" + retryPeriod
                    + "), or a leader could miss its deadline between two attempts; e.g. 10s and 2s");
        }
    }

    /** The defaults: the client's namespace, Lease {@value #DEFAULT_LEASE_NAME}, 15s / 10s / 2s. */
    public static KubernetesElectionSettings defaults() {
        return new KubernetesElectionSettings(
                null, DEFAULT_LEASE_NAME, DEFAULT_LEASE_DURATION, DEFAULT_RENEW_DEADLINE, DEFAULT_RETRY_PERIOD);
    }

    private static void requirePositive(String setting, @Nullable Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(
                    "dubbo.ai.election.kubernetes." + setting + " must be greater than 0, but was " + value);
        }
    }
}
