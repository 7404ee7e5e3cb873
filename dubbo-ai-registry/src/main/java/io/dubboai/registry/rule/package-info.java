/** Keeps model route rules in step with registry aliases. */
@NullMarked
package io.dubboai.registry.rule;

import org.jspecify.annotations.NullMarked;
