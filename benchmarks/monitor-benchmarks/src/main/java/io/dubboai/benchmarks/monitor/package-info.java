/** JMH benchmarks of dubbo-ai-monitor. */
@NullMarked
package io.dubboai.benchmarks.monitor;

import org.jspecify.annotations.NullMarked;
