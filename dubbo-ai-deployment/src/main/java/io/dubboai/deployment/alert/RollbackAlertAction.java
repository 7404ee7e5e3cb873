package io.dubboai.deployment.alert;

import io.dubboai.deployment.rollout.DeploymentService;
import io.dubboai.deployment.rollout.Rollout;
import io.dubboai.monitor.control.alert.AlertAction;
import io.dubboai.monitor.control.alert.AlertNotification;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code rollback}: rolls back the model's running rollout (pending or progressing) whose candidate is the alert's
 * version, sending all traffic back to its baseline. Nothing happens when no such rollout runs (it finished, was rolled
 * back already, or the alert is about another version): that is logged, not retried. Idempotent per notification.
 */
public final class RollbackAlertAction implements AlertAction {

    private static final Logger log = LoggerFactory.getLogger(RollbackAlertAction.class);

    private final DeploymentService deployments;

    public RollbackAlertAction(DeploymentService deployments) {
        this.deployments = deployments;
    }

    @Override
    public String name() {
        return "rollback";
    }

    @Override
    public void onFiring(AlertNotification alert) {
        Optional<Rollout> running = RunningRollouts.of(deployments, alert.model(), alert.version());
        if (running.isEmpty()) {
            log.info(
                    "Alert {} ({}): no running rollout of model {} has version {} as its candidate; nothing to roll"
                            + " back",
                    alert.id(),
                    alert.summary(),
                    alert.model(),
                    alert.version());
            return;
        }
        Rollout rollout = running.get();
        deployments.rollback(rollout.name(), RunningRollouts.actor(alert));
        log.warn(
                "Alert {} rolled back deployment {}: model {} version {} back to version {} ({})",
                alert.id(),
                rollout.name(),
                alert.model(),
                alert.version(),
                rollout.baseline(),
                alert.summary());
    }
}
