package io.dubboai.deployment.alert;

import io.dubboai.deployment.rollout.DeploymentService;
import io.dubboai.deployment.rollout.Rollout;
import io.dubboai.deployment.rollout.RolloutPhase;
import io.dubboai.monitor.control.alert.AlertNotification;
import java.util.Optional;

/** Finds the rollout an alert is about. */
final class RunningRollouts {

    private RunningRollouts() {}

    /** The model's pending or progressing rollout whose candidate is {@code version}, if any. */
    static Optional<Rollout> of(DeploymentService deployments, String model, String version) {
        return deployments.list().stream()
                .filter(r -> r.model().equals(model) && r.candidate().equals(version))
                .filter(r -> r.phase() == RolloutPhase.PENDING || r.phase() == RolloutPhase.PROGRESSING)
                .findFirst();
    }

    /** The model's pending, progressing or rolling-back rollout, if any (it owns the model's split). */
    static Optional<Rollout> holding(DeploymentService deployments, String model) {
        return deployments.list().stream()
                .filter(r -> r.model().equals(model) && !r.phase().isFinal())
                .findFirst();
    }

    /** Who acts, for the rollout's events: {@code alert:<rule>}. */
    static String actor(AlertNotification alert) {
        return "alert:" + alert.ruleId();
    }
}
