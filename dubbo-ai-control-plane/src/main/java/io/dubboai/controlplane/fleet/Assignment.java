package io.dubboai.controlplane.fleet;

import org.jspecify.annotations.Nullable;

/**
 * One version a host must serve. The host resolves the artifact, checksum, signature and serving settings from the
 * registry.
 *
 * @param model the model
 * @param version the version (a number; aliases are resolved by whoever assigns)
 * @param owner who assigned it, e.g. {@code rollout:risk-v3} or {@code operator:alice}, or null
 */
public record Assignment(
        String model, String version, @Nullable String owner) {}
