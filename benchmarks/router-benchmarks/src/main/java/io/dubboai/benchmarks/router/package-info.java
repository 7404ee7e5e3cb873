/** JMH benchmarks of the model router against Dubbo's tag and mesh rule routers. */
@NullMarked
package io.dubboai.benchmarks.router;

import org.jspecify.annotations.NullMarked;
