/**
 * Kubernetes mode: {@link io.dubboai.deployment.kubernetes.KubernetesExecutor} runs each model version as a
 * Deployment (fabric8 client).
 */
@NullMarked
package io.dubboai.deployment.kubernetes;

import org.jspecify.annotations.NullMarked;
