/**
 * Exposures and outcomes of experiments: which unit saw which variant, and what each unit did afterwards, kept per
 * unit in sharded documents of the control plane's document store ({@link io.dubboai.abtest.ledger.UnitLedger}) and
 * summed into per-variant sufficient statistics ({@link io.dubboai.abtest.ledger.Tally}) for the analysis.
 */
@NullMarked
package io.dubboai.abtest.ledger;

import org.jspecify.annotations.NullMarked;
