/** GPU utilisation and memory gauges, sampled with {@code nvidia-smi} off the call path. */
@NullMarked
package io.dubboai.monitor.gpu;

import org.jspecify.annotations.NullMarked;
