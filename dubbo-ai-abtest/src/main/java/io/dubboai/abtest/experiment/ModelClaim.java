package io.dubboai.abtest.experiment;

import org.jspecify.annotations.Nullable;

/**
 * Which experiment holds a model (document {@code experiment-model.<model>}): taken and released by compare-and-set,
 * so at most one experiment runs per model.
 *
 * @param model the model
 * @param experiment the experiment holding it, or null
 */
record ModelClaim(String model, @Nullable String experiment) {}
