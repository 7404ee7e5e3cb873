/** Spring Boot wiring: auto-configuration, properties, the REST and MLflow-compatible controllers. */
@NullMarked
package io.dubboai.registry.spring;

import org.jspecify.annotations.NullMarked;
