/**
 * A model's route rule as the deployment side changes it: weights per version, GPU constraints, sticky key, fallback
 * and the enabled flag. Aliases are the registry's and are refused here. Every write goes through
 * {@link io.dubboai.controlplane.rule.RouteRuleEditor}.
 */
@NullMarked
package io.dubboai.deployment.rule;

import org.jspecify.annotations.NullMarked;
