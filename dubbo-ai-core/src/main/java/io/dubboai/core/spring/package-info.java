/**
 * Spring Boot 3 hosting of the components: {@link io.dubboai.core.spring.DubboAiComponentsAutoConfiguration} and its
 * {@link io.dubboai.core.spring.DubboAiProperties}. The only package of the core that imports Spring.
 */
@NullMarked
package io.dubboai.core.spring;

import org.jspecify.annotations.NullMarked;
