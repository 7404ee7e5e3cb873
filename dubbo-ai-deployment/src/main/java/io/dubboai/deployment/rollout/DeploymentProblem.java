package io.dubboai.deployment.rollout;

/**
 * One thing wrong with a deployment request.
 *
 * @param path the field, e.g. {@code strategy.steps[1]}
 * @param message what is wrong and how to fix it
 */
public record DeploymentProblem(String path, String message) {}
