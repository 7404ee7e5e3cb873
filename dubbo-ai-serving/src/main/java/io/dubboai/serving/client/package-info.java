/** Consumer-side helpers: build Open Inference Protocol requests from Java arrays, read typed outputs, route. */
@NullMarked
package io.dubboai.serving.client;

import org.jspecify.annotations.NullMarked;
