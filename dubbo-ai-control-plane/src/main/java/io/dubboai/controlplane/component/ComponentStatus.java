package io.dubboai.controlplane.component;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * What the status API shows for one component.
 *
 * @param name the component's name
 * @param needsLeadership whether it runs only on the leader
 * @param state its current state
 * @param since when it entered that state
 * @param failures consecutive failed starts (0 after a successful start)
 * @param lastError the message of the last failure, or {@code null}
 * @param nextRetry when the next start is attempted, for a failed component
 */
public record ComponentStatus(
        String name,
        boolean needsLeadership,
        ComponentState state,
        Instant since,
        int failures,
        @Nullable String lastError,
        @Nullable Instant nextRetry) {}
