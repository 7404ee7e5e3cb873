/**
 * The one writer path for model route rules ({@code <model>.model-route}, group {@code dubbo}): read the rule and its
 * ticket, change only the caller's fields, validate with the one codec, write by compare-and-set. The registry
 * (aliases) and the deployment API (weights, GPU constraints, fallback) go through {@link
 * io.dubboai.controlplane.rule.RouteRuleEditor}.
 */
@NullMarked
package io.dubboai.controlplane.rule;

import org.jspecify.annotations.NullMarked;
