/**
 * A/B testing between model versions. {@code stats}: the statistics behind every result (fixed-horizon tests, lift
 * intervals, the always-valid sequential test, sample-ratio mismatch, CUPED); {@code bandit}: adaptive splits whose
 * state lives in the control plane's document store.
 */
@NullMarked
package io.dubboai.abtest;

import org.jspecify.annotations.NullMarked;
