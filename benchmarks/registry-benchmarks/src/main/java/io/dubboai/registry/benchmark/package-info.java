/** Load benchmark of the model registry. */
@NullMarked
package io.dubboai.registry.benchmark;

import org.jspecify.annotations.NullMarked;
