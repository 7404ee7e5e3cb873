/** The model registry API: registered models, versions, aliases and the registry service. */
@NullMarked
package io.dubboai.registry;

import org.jspecify.annotations.NullMarked;
