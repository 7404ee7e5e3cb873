/**
 * The monitoring module's alert actions ({@link io.dubboai.monitor.control.alert.AlertAction}) that act on
 * deployments: {@code rollback} and {@code shift-traffic-away}.
 */
@NullMarked
package io.dubboai.deployment.alert;

import org.jspecify.annotations.NullMarked;
