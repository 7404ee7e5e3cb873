/**
 * Statistics for experiments, each class written from a published formula that its opening comment names. All
 * results compare a treatment arm with a control arm and report {@code treatment - control}. Distributions come
 * from Apache Commons Statistics. Every class is stateless and thread-safe.
 */
@NullMarked
package io.dubboai.abtest.stats;

import org.jspecify.annotations.NullMarked;
