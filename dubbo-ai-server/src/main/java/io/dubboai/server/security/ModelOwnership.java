package io.dubboai.server.security;

import java.util.Optional;

/**
 * Tells who owns a model, for the ownership check on writes to {@code /api/v1/ai/models/{model}/**} handled by
 * modules other than the registry (the registry checks its own writes through its {@code ModelAccessPolicy}, which
 * the server provides). Optional: define a bean to enable the check; without one no owner is known.
 */
@FunctionalInterface
public interface ModelOwnership {

    /** The owner of {@code model}, empty if the model is unknown or has no owner. */
    Optional<String> ownerOf(String model);
}
