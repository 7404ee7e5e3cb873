/**
 * Serving what the model registry says: {@link io.dubboai.serving.registry.RegistryClient} reads a version (by number
 * or alias) from the registry's REST API, {@link io.dubboai.serving.registry.RegisteredVersion} turns it into the
 * {@link io.dubboai.serving.engine.ModelConfig} to fetch, verify and load.
 */
@NullMarked
package io.dubboai.serving.registry;

import org.jspecify.annotations.NullMarked;
