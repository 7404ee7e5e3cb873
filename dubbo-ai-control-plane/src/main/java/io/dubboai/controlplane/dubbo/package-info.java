/**
 * Hosting of the components by a Dubbo application: {@link io.dubboai.controlplane.dubbo.ComponentDeployListener} runs a
 * {@link io.dubboai.controlplane.component.ComponentManager} that follows the application's lifecycle.
 */
@NullMarked
package io.dubboai.controlplane.dubbo;

import org.jspecify.annotations.NullMarked;
