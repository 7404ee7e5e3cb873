package io.dubboai.controlplane.fleet;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Keys of the fleet's documents:
 *
 * <ul>
 *   <li>{@value #HOST_INDEX_KEY}: a {@link HostIndex}, the ids of every host that registered (a host adds itself by
 *       compare-and-set);
 *   <li>{@code fleet.host.<hostId>}: the host's {@link HostStatus}, written by that host only;
 *   <li>{@code fleet.assignments.<hostId>}: the {@link HostAssignments} the host must serve, written by executors and
 *       operators by compare-and-set.
 * </ul>
 */
public final class FleetDocuments {

    /**
     * The config-center group (document-store namespace) of the fleet's documents, unless a deployment configures
     * another one on both sides (hosts and executors).
     */
    public static final String DEFAULT_GROUP = "dubbo-ai-fleet";

    /** The document listing every registered host. */
    public static final String HOST_INDEX_KEY = "fleet.hosts";

    private static final Pattern HOST_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    private FleetDocuments() {}

    /** The key of a host's status document. */
    public static String hostKey(String hostId) {
        return "fleet.host." + requireHostId(hostId);
    }

    /** The key of a host's assignments document. */
    public static String assignmentsKey(String hostId) {
        return "fleet.assignments." + requireHostId(hostId);
    }

    /** What is wrong with {@code hostId}, or empty. */
    public static Optional<String> checkHostId(String hostId) {
        if (HOST_ID.matcher(hostId).matches()) {
            return Optional.empty();
        }
        return Optional.of("host id '" + hostId + "' must match " + HOST_ID.pattern()
                + " (lower-case letters, digits and '-', at most 63), e.g. 'gpu-host-1'");
    }

    /** {@code hostId}, or an {@link IllegalArgumentException} saying what is wrong with it. */
    public static String requireHostId(String hostId) {
        checkHostId(hostId).ifPresent(problem -> {
            throw new IllegalArgumentException(problem);
        });
        return hostId;
    }
}
