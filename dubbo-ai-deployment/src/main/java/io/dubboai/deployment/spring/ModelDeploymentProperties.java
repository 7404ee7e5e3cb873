package io.dubboai.deployment.spring;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** Settings of the deployment module ({@code dubbo.ai.deployment.*}). */
@ConfigurationProperties("dubbo.ai.deployment")
public class ModelDeploymentProperties {

    /** Whether the deployment module (today: the route-rule API) is set up at all. */
    private boolean enabled = true;

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }
}
