/** Dynamic batching of concurrent requests into one runtime call, after Triton's dynamic batcher. */
@NullMarked
package io.dubboai.serving.batch;

import org.jspecify.annotations.NullMarked;
