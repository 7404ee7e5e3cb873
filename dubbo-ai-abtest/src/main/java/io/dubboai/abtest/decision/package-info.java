/**
 * Running experiments: exposures and outcomes taken in ({@link io.dubboai.abtest.decision.ExperimentData}), results
 * over time ({@link io.dubboai.abtest.decision.ResultHistory}) and the leader-only
 * {@link io.dubboai.abtest.decision.ExperimentComponent} that reads each running experiment and decides, audits and
 * (when configured) carries out its decision.
 */
@NullMarked
package io.dubboai.abtest.decision;

import org.jspecify.annotations.NullMarked;
