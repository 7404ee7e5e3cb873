/** The universal executor that places model versions onto model hosts through the fleet's documents. */
@NullMarked
package io.dubboai.deployment.hosts;

import org.jspecify.annotations.NullMarked;
