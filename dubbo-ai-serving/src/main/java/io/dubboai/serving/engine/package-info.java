/** One served model: configuration, input validation, warm-up, batching, load figures and draining. */
@NullMarked
package io.dubboai.serving.engine;

import org.jspecify.annotations.NullMarked;
