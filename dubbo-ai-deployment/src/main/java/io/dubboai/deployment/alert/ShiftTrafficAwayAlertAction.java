package io.dubboai.deployment.alert;

import io.dubboai.controlplane.rule.RouteRuleEditor;
import io.dubboai.controlplane.rule.RouteRulePrecondition;
import io.dubboai.core.rule.ModelRouteRule;
import io.dubboai.core.rule.TrafficSplit;
import io.dubboai.deployment.rollout.DeploymentService;
import io.dubboai.deployment.rollout.Rollout;
import io.dubboai.deployment.rollout.RolloutPhase;
import io.dubboai.monitor.control.alert.AlertAction;
import io.dubboai.monitor.control.alert.AlertNotification;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code shift-traffic-away}: sets the alert's version to weight 0 in the model's route rule and gives its share to
 * the other weighted versions in proportion to their weights (equally when they all have 0). The version stays in the
 * rule, so its aliases and pins keep working. When a rollout holds the model's traffic, the rollout decides the split:
 * a running canary of this version is rolled back instead; for any other version the action fails with a message (and
 * is retried) rather than fight the rollout. It fails, too, when the version is the only one in the rule.
 */
public final class ShiftTrafficAwayAlertAction implements AlertAction {

    private static final Logger log = LoggerFactory.getLogger(ShiftTrafficAwayAlertAction.class);

    private final DeploymentService deployments;
    private final RouteRuleEditor rules;

    public ShiftTrafficAwayAlertAction(DeploymentService deployments, RouteRuleEditor rules) {
        this.deployments = deployments;
        this.rules = rules;
    }

    @Override
    public String name() {
        return "shift-traffic-away";
    }

    @Override
    public void onFiring(AlertNotification alert) {
        String model = alert.model();
        String version = alert.version();
        Optional<Rollout> holding = RunningRollouts.holding(deployments, model);
        if (holding.isPresent()) {
            Rollout rollout = holding.get();
            if (RunningRollouts.of(deployments, model, version).isPresent()) {
                deployments.rollback(rollout.name(), RunningRollouts.actor(alert));
                log.warn(
                        "Alert {} shifted traffic away from model {} version {} by rolling back deployment {} ({})",
                        alert.id(),
                        model,
                        version,
                        rollout.name(),
                        alert.summary());
                return;
            }
            if (!version.equals(rollout.candidate()) || rollout.phase() != RolloutPhase.ROLLING_BACK) {
                throw new IllegalStateException("deployment '" + rollout.name() + "' (" + rollout.phase()
                        + ") holds the traffic of model '" + model + "'; shift traffic from version " + version
                        + " through it (abort or roll it back) or wait until it finishes");
            }
            return; // its rollback already takes the traffic away
        }
        rules.edit(model, RouteRulePrecondition.ANY, current -> {
            if (current == null) {
                throw new IllegalStateException(
                        "model '" + model + "' has no route rule; there is no traffic split to shift");
            }
            ModelRouteRule rule = current.rule()
                    .orElseThrow(() -> new IllegalStateException("the route rule of model '" + model
                            + "' is not valid (" + current.parsed().problems() + "); fix it before shifting traffic"));
            List<TrafficSplit> next = shifted(model, rule.traffic(), version);
            return next.equals(rule.traffic()) ? Optional.empty() : Optional.of(rule.withTraffic(next));
        });
        log.warn(
                "Alert {} shifted traffic away from model {} version {} ({})",
                alert.id(),
                model,
                version,
                alert.summary());
    }

    /** The split with {@code version} at 0 and its weight spread over the others (largest remainder). */
    static List<TrafficSplit> shifted(String model, List<TrafficSplit> traffic, String version) {
        int moved = traffic.stream()
                .filter(t -> t.version().equals(version))
                .mapToInt(TrafficSplit::weight)
                .sum();
        List<TrafficSplit> others =
                traffic.stream().filter(t -> !t.version().equals(version)).toList();
        if (moved == 0) {
            return traffic;
        }
        if (others.isEmpty()) {
            throw new IllegalStateException("version " + version + " is the only version in the route rule of model '"
                    + model + "'; deploy or add another version to shift its traffic to");
        }
        int othersTotal = others.stream().mapToInt(TrafficSplit::weight).sum();
        int[] extra = new int[others.size()];
        double[] remainder = new double[others.size()];
        int given = 0;
        for (int i = 0; i < others.size(); i++) {
            double share = othersTotal == 0
                    ? (double) moved / others.size()
                    : (double) moved * others.get(i).weight() / othersTotal;
            extra[i] = (int) Math.floor(share);
            remainder[i] = share - extra[i];
            given += extra[i];
        }
        while (given < moved) {
            int best = 0;
            for (int i = 1; i < others.size(); i++) {
                if (remainder[i] > remainder[best]) {
                    best = i;
                }
            }
            extra[best]++;
            remainder[best] = -1;
            given++;
        }
        List<TrafficSplit> next = new ArrayList<>();
        int o = 0;
        for (TrafficSplit t : traffic) {
            if (t.version().equals(version)) {
                next.add(new TrafficSplit(version, 0));
            } else {
                next.add(new TrafficSplit(t.version(), t.weight() + extra[o++]));
            }
        }
        return next;
    }
}
