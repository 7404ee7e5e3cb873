/**
 * Model deployment: the route-rule API ({@code rule}), rollouts ({@code rollout}), executors ({@code universal},
 * {@code kubernetes}), training jobs ({@code training}); Spring wiring in {@code spring}. Placement onto model hosts
 * is planned.
 */
@NullMarked
package io.dubboai.deployment;

import org.jspecify.annotations.NullMarked;
