/**
 * Micrometer binding of the router's counters. The only package that uses Micrometer, an optional dependency: the
 * router runs without it.
 */
@NullMarked
package io.dubboai.router.metrics;

import org.jspecify.annotations.NullMarked;
