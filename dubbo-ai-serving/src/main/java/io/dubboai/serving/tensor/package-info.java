/** Tensors, data types and model signatures, independent of any runtime or wire format. */
@NullMarked
package io.dubboai.serving.tensor;

import org.jspecify.annotations.NullMarked;
