package io.dubboai.server.security;

import java.util.Optional;

/**
 * Tells who owns a registered model, for the ownership check on writes. The registry module provides the real
 * lookup when it is on the class path; without it, {@link #NONE} knows no owners and every operator may write.
 */
@FunctionalInterface
public interface ModelOwnership {

    /** Knows no owner for any model. */
    ModelOwnership NONE = model -> Optional.empty();

    /** The owner of {@code model}, empty if the model is unknown or has no owner. */
    Optional<String> ownerOf(String model);
}
