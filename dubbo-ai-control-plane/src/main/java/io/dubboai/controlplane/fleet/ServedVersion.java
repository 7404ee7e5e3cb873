package io.dubboai.controlplane.fleet;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One version on a host.
 *
 * @param model the model
 * @param version the version
 * @param state where it stands
 * @param reason why it failed or was refused, else null
 * @param memoryBytes memory it holds (or would hold) on the host
 * @param since when it entered {@code state}
 */
public record ServedVersion(
        String model,
        String version,
        ServedState state,
        @Nullable String reason,
        long memoryBytes,
        Instant since) {}
