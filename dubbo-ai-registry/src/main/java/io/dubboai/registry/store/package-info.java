/** Metadata stores: the document store SPI, its config-center backend and the in-memory index. */
@NullMarked
package io.dubboai.registry.store;

import org.jspecify.annotations.NullMarked;
