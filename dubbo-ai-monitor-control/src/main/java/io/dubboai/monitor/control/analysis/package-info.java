/**
 * The analysis API: compare two versions of a model over a window on a few metrics, with pass/fail against
 * thresholds ({@link io.dubboai.monitor.control.analysis.VersionAnalysis}).
 */
@NullMarked
package io.dubboai.monitor.control.analysis;

import org.jspecify.annotations.NullMarked;
