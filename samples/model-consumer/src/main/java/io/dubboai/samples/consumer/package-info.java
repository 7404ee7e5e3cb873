/** The smallest model consumer: calls routed by alias, pinned version, sticky key and weighted split. */
@NullMarked
package io.dubboai.samples.consumer;

import org.jspecify.annotations.NullMarked;
