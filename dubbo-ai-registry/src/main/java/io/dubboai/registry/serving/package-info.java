/**
 * Where registered versions are served: {@link io.dubboai.registry.serving.ServingReadiness} reads the fleet's host
 * documents and the Dubbo registry's model providers, for the version view and the alias guard.
 */
@NullMarked
package io.dubboai.registry.serving;

import org.jspecify.annotations.NullMarked;
