/** The {@link io.dubboai.serving.loader.ModelLoader} SPI and its ONNX Runtime implementation. */
@NullMarked
package io.dubboai.serving.loader;

import org.jspecify.annotations.NullMarked;
