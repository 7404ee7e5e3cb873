/** Dubbo QoS commands of the monitor: the input sketches of the model versions a provider serves. */
@NullMarked
package io.dubboai.monitor.qos;

import org.jspecify.annotations.NullMarked;
