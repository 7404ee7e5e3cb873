package io.dubboai.server.web;

import io.dubboai.controlplane.component.ComponentManager;
import io.dubboai.controlplane.component.ComponentStatus;
import io.dubboai.core.secret.Secrets;
import io.dubboai.server.config.ServerSettings;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** What runs on this node: its components and their state, which node leads, the last error. */
@RestController
@Tag(name = "status", description = "Components, leadership and errors of this node")
public class StatusController {

    private final ObjectProvider<ComponentManager> manager;
    private final ServerSettings settings;

    StatusController(ObjectProvider<ComponentManager> manager, ServerSettings settings) {
        this.manager = manager;
        this.settings = settings;
    }

    /**
     * The status of this node.
     *
     * @param mode the deploy mode
     * @param election the leader election backend: single, zookeeper, kubernetes or lease
     * @param node this node's identity in the election
     * @param leader whether this node leads
     * @param leaderNode the leading node's identity, if known
     * @param components every hosted component, in start order
     * @param lastError the newest error of any component, {@code null} if none failed; credentials of addresses in
     *     errors are masked
     */
    public record ServerStatus(
            String mode,
            String election,
            @Nullable String node,
            boolean leader,
            @Nullable String leaderNode,
            List<ComponentStatus> components,
            @Nullable String lastError) {}

    /** The status of this node. */
    @GetMapping("/api/v1/ai/status")
    @Operation(summary = "Components, their state, the leader and the last error")
    public ServerStatus status() {
        String mode = settings.mode().name().toLowerCase(java.util.Locale.ROOT);
        String election = settings.election().configName();
        ComponentManager components = manager.getIfAvailable();
        if (components == null) {
            return new ServerStatus(mode, election, null, false, null, List.of(), null);
        }
        // a component's error often quotes the address it failed to reach: never with its credentials
        List<ComponentStatus> statuses =
                components.status().stream().map(StatusController::masked).toList();
        String lastError = statuses.stream()
                .filter(s -> s.lastError() != null)
                .max(Comparator.comparing(ComponentStatus::since))
                .map(s -> s.name() + ": " + Objects.requireNonNull(s.lastError()))
                .orElse(null);
        return new ServerStatus(
                mode,
                election,
                components.identity(),
                components.isLeader(),
                components.currentLeader().orElse(null),
                statuses,
                lastError);
    }

    private static ComponentStatus masked(ComponentStatus status) {
        String error = status.lastError();
        return error == null
                ? status
                : new ComponentStatus(
                        status.name(),
                        status.needsLeadership(),
                        status.state(),
                        status.since(),
                        status.failures(),
                        Secrets.maskAddress(error),
                        status.nextRetry());
    }
}
