/** Drift statistics between a reference profile and current sketches: PSI, KS, chi-square, Jensen–Shannon, W1. */
@NullMarked
package io.dubboai.monitor.drift;

import org.jspecify.annotations.NullMarked;
