/**
 * Monitoring of model services: {@link io.dubboai.monitor.metrics per-call and batcher metrics},
 * {@link io.dubboai.monitor.gpu GPU gauges}, {@link io.dubboai.monitor.sketch input sketches} and
 * {@link io.dubboai.monitor.drift drift statistics}.
 */
@NullMarked
package io.dubboai.monitor;

import org.jspecify.annotations.NullMarked;
