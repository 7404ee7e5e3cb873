/**
 * Model deployment. Built: the route-rule API ({@code rule}, Spring wiring in {@code spring}). Planned: rollouts
 * (rolling, blue-green, canary with analysis gates), the Kubernetes and universal executors, training jobs.
 */
@NullMarked
package io.dubboai.deployment;

import org.jspecify.annotations.NullMarked;
