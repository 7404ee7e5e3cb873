/**
 * Mergeable sketches of model inputs: sampled off the hot path, windowed, serialisable with a format version, and
 * reference profiles to compare them with.
 */
@NullMarked
package io.dubboai.monitor.sketch;

import org.jspecify.annotations.NullMarked;
