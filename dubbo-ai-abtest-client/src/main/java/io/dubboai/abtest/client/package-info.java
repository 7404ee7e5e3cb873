/**
 * The consumer side of A/B testing: {@link io.dubboai.abtest.client.ExposureFilter} records which model version served
 * each unit, {@link io.dubboai.abtest.client.ExperimentClient} ships those exposures in batches to the control plane
 * and sends outcomes.
 */
@NullMarked
package io.dubboai.abtest.client;

import org.jspecify.annotations.NullMarked;
