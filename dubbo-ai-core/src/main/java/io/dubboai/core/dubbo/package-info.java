/**
 * Hosting of the components by a Dubbo application: {@link io.dubboai.core.dubbo.ComponentDeployListener} runs a
 * {@link io.dubboai.core.component.ComponentManager} that follows the application's lifecycle.
 */
@NullMarked
package io.dubboai.core.dubbo;

import org.jspecify.annotations.NullMarked;
