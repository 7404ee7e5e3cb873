/**
 * The model route rule: {@link io.dubboai.core.rule.ModelRouteRule}, its YAML codec
 * {@link io.dubboai.core.rule.RouteRuleCodec} and its config-center location {@link io.dubboai.core.rule.RouteRules}.
 */
@NullMarked
package io.dubboai.core.rule;

import org.jspecify.annotations.NullMarked;
