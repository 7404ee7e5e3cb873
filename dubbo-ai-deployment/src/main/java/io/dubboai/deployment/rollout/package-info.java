/**
 * Rollouts of model versions: the {@link io.dubboai.deployment.rollout.DeploymentSpec desired state}, the
 * {@link io.dubboai.deployment.rollout.DeploymentService} that validates and records it, the leader-only
 * {@link io.dubboai.deployment.rollout.ModelDeploymentComponent} that walks each rollout's steps, and the
 * {@link io.dubboai.deployment.rollout.VersionExecutor} SPI that brings versions up and down.
 */
@NullMarked
package io.dubboai.deployment.rollout;

import org.jspecify.annotations.NullMarked;
