package io.dubboai.registry.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a handler method that only reads although its HTTP method is not {@code GET} (MLflow's reads by
 * {@code POST}), so {@link RegistryWriteGuard} lets it through.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@interface ReadOnlyEndpoint {}
