/**
 * Service-level objectives of model versions and their alerts: {@link io.dubboai.monitor.control.alert.SloRule}s
 * evaluated by the leader as multi-window, multi-burn-rate alerts ({@link io.dubboai.monitor.control.alert.BurnRateWindow}),
 * alert state kept per rule in the control plane's document store by compare-and-set
 * ({@link io.dubboai.monitor.control.alert.AlertState}), notifications delivered to a webhook and to Alertmanager
 * ({@link io.dubboai.monitor.control.alert.AlertNotifier}) and actions run through the
 * {@link io.dubboai.monitor.control.alert.AlertAction} SPI.
 */
@NullMarked
package io.dubboai.monitor.control.alert;

import org.jspecify.annotations.NullMarked;
