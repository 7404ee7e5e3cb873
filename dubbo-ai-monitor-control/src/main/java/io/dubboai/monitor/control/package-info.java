/**
 * The control-plane side of model monitoring: {@link io.dubboai.monitor.control.ModelMonitoringComponent}, the
 * analysis API, time series and drift reports.
 */
@NullMarked
package io.dubboai.monitor.control;

import org.jspecify.annotations.NullMarked;
