/**
 * Which control-plane activity holds a model: an experiment and a rollout of the same model exclude each other, so
 * both claim the one per-model document of {@link io.dubboai.controlplane.claim.ModelClaims} by compare-and-set.
 */
@NullMarked
package io.dubboai.controlplane.claim;

import org.jspecify.annotations.NullMarked;
