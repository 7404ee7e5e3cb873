/**
 * Experiments between versions of one model: the model ({@link io.dubboai.abtest.experiment.ExperimentSpec}), its
 * validation with precise errors ({@link io.dubboai.abtest.experiment.ExperimentValidator}), and
 * {@link io.dubboai.abtest.experiment.ExperimentService}, which keeps experiments in the document store and writes the
 * split with its sticky key into the model's route rule on start, restoring the rule on stop.
 */
@NullMarked
package io.dubboai.abtest.experiment;

import org.jspecify.annotations.NullMarked;
