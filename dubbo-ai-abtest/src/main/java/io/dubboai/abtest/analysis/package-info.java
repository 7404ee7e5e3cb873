/**
 * Reading an experiment: its tally ({@link io.dubboai.abtest.ledger.Tally}) through the always-valid sequential test,
 * the sample-ratio check and the guardrails into {@link io.dubboai.abtest.analysis.ExperimentResults} with a decision
 * ({@link io.dubboai.abtest.analysis.ExperimentAnalyzer}). Pure: no I/O.
 */
@NullMarked
package io.dubboai.abtest.analysis;

import org.jspecify.annotations.NullMarked;
