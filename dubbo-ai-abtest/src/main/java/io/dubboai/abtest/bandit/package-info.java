/**
 * Bandits: adaptive traffic splits as an alternative to fixed ones. A {@link io.dubboai.abtest.bandit.BanditPolicy}
 * (Thompson sampling or epsilon-greedy) turns the rewards seen so far into target shares;
 * {@link io.dubboai.abtest.bandit.WeightLimiter} turns them into route-rule weights with a floor per arm and a bounded
 * step; {@link io.dubboai.abtest.bandit.BanditService} keeps the state as a document updated by compare-and-set, so
 * several control-plane replicas agree.
 */
@NullMarked
package io.dubboai.abtest.bandit;

import org.jspecify.annotations.NullMarked;
