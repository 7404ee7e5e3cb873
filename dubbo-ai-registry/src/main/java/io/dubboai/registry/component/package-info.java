/** The registry components hosted by the component manager. */
@NullMarked
package io.dubboai.registry.component;

import org.jspecify.annotations.NullMarked;
