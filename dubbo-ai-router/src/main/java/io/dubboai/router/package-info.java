/**
 * Consumer-side routing of model inference calls: {@link io.dubboai.router.ModelRouterFactory} adds a Dubbo state
 * router that picks the model version and GPU providers a call may use, {@link io.dubboai.router.ModelRuleManager}
 * keeps the route rules of the config center, and {@link io.dubboai.router.LeastWorkLoadBalance} picks the least
 * busy provider inside the chosen pool. See {@code docs/router.md}.
 */
@NullMarked
package io.dubboai.router;

import org.jspecify.annotations.NullMarked;
