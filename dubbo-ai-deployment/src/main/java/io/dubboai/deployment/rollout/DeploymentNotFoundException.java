package io.dubboai.deployment.rollout;

/** No deployment of that name. */
public final class DeploymentNotFoundException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DeploymentNotFoundException(String name) {
        super("no deployment '" + name + "'; list them with GET /api/v1/ai/deployments");
    }
}
