package io.dubboai.controlplane.claim;

import org.jspecify.annotations.Nullable;

/**
 * The document {@code model-claim.<model>}: who holds the model, or nobody.
 *
 * @param model the model
 * @param holder who holds it, written {@code <kind>:<id>} (e.g. {@code experiment:risk-ab}, {@code rollout:risk-v3}),
 *     or null when free
 */
public record ModelClaim(String model, @Nullable String holder) {}
