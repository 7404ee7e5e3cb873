/**
 * Spring Boot 3 hosting of the components: {@link io.dubboai.controlplane.spring.DubboAiComponentsAutoConfiguration} and its
 * {@link io.dubboai.controlplane.spring.DubboAiProperties}. The only package of the core that imports Spring.
 */
@NullMarked
package io.dubboai.controlplane.spring;

import org.jspecify.annotations.NullMarked;
