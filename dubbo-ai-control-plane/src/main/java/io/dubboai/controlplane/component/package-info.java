/** The component SPI and the {@link io.dubboai.controlplane.component.ComponentManager} that runs components. */
@NullMarked
package io.dubboai.controlplane.component;

import org.jspecify.annotations.NullMarked;
