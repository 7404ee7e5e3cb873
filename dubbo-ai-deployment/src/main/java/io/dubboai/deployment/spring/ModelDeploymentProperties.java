package io.dubboai.deployment.spring;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** Settings of the deployment module ({@code dubbo.ai.deployment.*}). */
@ConfigurationProperties("dubbo.ai.deployment")
public class ModelDeploymentProperties {

    /** Whether the deployment module (route-rule API, deployments, the controller) is set up at all. */
    private boolean enabled = true;

    /**
     * Config-center group of the deployment documents ({@code deployment.<name>}, {@code deployment-index}) and of
     * the per-model claims ({@code model-claim.<model>}), which experiments must share to exclude rollouts.
     */
    private String group = "dubbo-ai";

    /** Time between two passes of the deployment controller (on the leader). */
    private Duration reconcileInterval = Duration.ofSeconds(1);

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public String getGroup() {
        return group;
    }

    public void setGroup(String group) {
        this.group = group;
    }

    public Duration getReconcileInterval() {
        return reconcileInterval;
    }

    public void setReconcileInterval(Duration reconcileInterval) {
        this.reconcileInterval = reconcileInterval;
    }
}
