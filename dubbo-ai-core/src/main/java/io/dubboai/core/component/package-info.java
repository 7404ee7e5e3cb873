/** The component SPI and the {@link io.dubboai.core.component.ComponentManager} that runs components. */
@NullMarked
package io.dubboai.core.component;

import org.jspecify.annotations.NullMarked;
