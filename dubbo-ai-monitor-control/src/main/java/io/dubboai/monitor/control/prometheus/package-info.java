/** The analysis on Prometheus: PromQL over its HTTP API. */
@NullMarked
package io.dubboai.monitor.control.prometheus;

import org.jspecify.annotations.NullMarked;
