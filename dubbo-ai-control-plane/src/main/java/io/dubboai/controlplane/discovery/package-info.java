/** Model providers found in the Dubbo registry, for control-plane modules that need to know who serves what. */
@NullMarked
package io.dubboai.controlplane.discovery;

import org.jspecify.annotations.NullMarked;
