/**
 * Universal mode (no Kubernetes): executors for model versions whose providers run on plain hosts.
 * {@link io.dubboai.deployment.universal.RegisteredProvidersExecutor} only waits for providers started by other means.
 */
@NullMarked
package io.dubboai.deployment.universal;

import org.jspecify.annotations.NullMarked;
