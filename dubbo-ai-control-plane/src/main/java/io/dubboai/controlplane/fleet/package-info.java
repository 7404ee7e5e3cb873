/**
 * The serving fleet's documents in the control plane's document store: model hosts publish what they serve
 * ({@link io.dubboai.controlplane.fleet.HostStatus}, written only by the host), executors tell them what to serve
 * ({@link io.dubboai.controlplane.fleet.HostAssignments}, written by compare-and-set), and
 * {@link io.dubboai.controlplane.fleet.FleetDocuments} names the keys. Hosts live in {@code dubbo-ai-serving}; the
 * universal executor of {@code dubbo-ai-deployment} and the registry's readiness view read and write these records.
 */
@NullMarked
package io.dubboai.controlplane.fleet;

import org.jspecify.annotations.NullMarked;
