/**
 * Drift reports of model versions: the providers' input sketches fetched from their QoS {@code aiSketches} command and
 * merged across replicas ({@link io.dubboai.monitor.control.drift.SketchFetcher}), reference profiles kept as documents
 * ({@link io.dubboai.monitor.control.drift.ReferenceProfiles}) and the per-feature report with reference and current
 * histograms ({@link io.dubboai.monitor.control.drift.DriftReports}).
 */
@NullMarked
package io.dubboai.monitor.control.drift;

import org.jspecify.annotations.NullMarked;
