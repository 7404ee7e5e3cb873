package io.dubboai.abtest.bandit;

import io.dubboai.abtest.DocumentNames;
import io.dubboai.abtest.MetricKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A bandit as stored (one JSON document per bandit): its arms' rewards, the current weights and when they last
 * moved. Every instance is valid.
 *
 * @param name the bandit's name (see {@link DocumentNames})
 * @param kind what a reward is
 * @param settings how the weights adapt
 * @param arms the arms (at least 2, unique names) with their rewards, in route-rule order
 * @param weights arm to weight in percent, one per arm, summing to 100
 * @param revision incremented by every write; seeds Thompson sampling, so every replica computes the same weights
 *     from the same state
 * @param reweighedAt when the weights last moved; null before the first move
 */
public record BanditState(
        String name,
        MetricKind kind,
        BanditSettings settings,
        List<ArmStats> arms,
        Map<String, Integer> weights,
        long revision,
        @Nullable Instant reweighedAt) {

    public BanditState {
        arms = List.copyOf(arms);
        weights = Collections.unmodifiableMap(new LinkedHashMap<>(weights));
        DocumentNames.require("bandit", name);
        if (arms.size() < 2) {
            throw new IllegalArgumentException("bandit '" + name + "' needs at least 2 arms, got " + arms.size());
        }
        Set<String> names = new HashSet<>();
        for (ArmStats arm : arms) {
            if (!names.add(arm.arm())) {
                throw new IllegalArgumentException(
                        "bandit '" + name + "' lists arm '" + arm.arm() + "' twice; list each arm once");
            }
        }
        if (!weights.keySet().equals(names)) {
            throw new IllegalArgumentException("bandit '" + name + "' has weights for " + weights.keySet()
                    + " but arms " + names + "; give one weight per arm");
        }
        int sum = weights.values().stream().mapToInt(Integer::intValue).sum();
        if (sum != 100 || weights.values().stream().anyMatch(w -> w < 0)) {
            throw new IllegalArgumentException(
                    "bandit '" + name + "' weights " + weights + " must be 0..100 and sum to 100, sum " + sum);
        }
        if ((long) settings.floorPercent() * arms.size() > 100) {
            throw new IllegalArgumentException("a floor of " + settings.floorPercent() + " % for each of " + arms.size()
                    + " arms exceeds 100 %; lower floorPercent to at most " + 100 / arms.size());
        }
        if (kind == MetricKind.NUMERIC && settings.minUnitsPerArm() < 2) {
            throw new IllegalArgumentException(
                    "numeric rewards need minUnitsPerArm of at least 2 (for a variance), was "
                            + settings.minUnitsPerArm());
        }
    }

    /** A new bandit with no rewards and equal weights (the remainder of 100 / arms goes to the first arms). */
    public static BanditState initial(String name, MetricKind kind, BanditSettings settings, List<String> arms) {
        List<ArmStats> stats = new ArrayList<>();
        Map<String, Integer> weights = new LinkedHashMap<>();
        for (int i = 0; i < arms.size(); i++) {
            stats.add(ArmStats.empty(arms.get(i)));
            weights.put(arms.get(i), 100 / arms.size() + (i < 100 % arms.size() ? 1 : 0));
        }
        return new BanditState(name, kind, settings, stats, weights, 0, null);
    }

    /** This state with {@code rewards} added to their arms. */
    public BanditState plus(Map<String, Reward> rewards) {
        Map<String, Reward> pending = new LinkedHashMap<>(rewards);
        List<ArmStats> next = new ArrayList<>(arms.size());
        for (ArmStats arm : arms) {
            Reward reward = pending.remove(arm.arm());
            if (reward != null && kind == MetricKind.CONVERSION && reward.sum() > reward.units()) {
                throw new IllegalArgumentException("arm '" + arm.arm() + "' of bandit '" + name + "' got "
                        + reward.sum() + " conversions for " + reward.units() + " units");
            }
            next.add(reward == null ? arm : arm.plus(reward));
        }
        if (!pending.isEmpty()) {
            throw new IllegalArgumentException("unknown arm(s) " + pending.keySet() + " for bandit '" + name
                    + "'; its arms are " + weights.keySet());
        }
        return new BanditState(name, kind, settings, next, weights, revision + 1, reweighedAt);
    }

    /**
     * This state with its arms' rewards set to totals counted elsewhere (an experiment's unit ledger), never
     * backwards: an arm whose total has no more units than it has keeps its rewards, so a replica that read an older
     * ledger changes nothing. Returns this instance when no arm grew.
     *
     * @throws IllegalArgumentException for an arm the bandit does not have
     */
    public BanditState withTotals(Map<String, ArmStats> totals) {
        Set<String> unknown = new HashSet<>(totals.keySet());
        unknown.removeAll(weights.keySet());
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException(
                    "unknown arm(s) " + unknown + " for bandit '" + name + "'; its arms are " + weights.keySet());
        }
        boolean grew = false;
        List<ArmStats> next = new ArrayList<>(arms.size());
        for (ArmStats arm : arms) {
            ArmStats total = totals.get(arm.arm());
            if (total != null && total.units() > arm.units()) {
                next.add(new ArmStats(arm.arm(), total.units(), total.sum(), total.sumOfSquares()));
                grew = true;
            } else {
                next.add(arm);
            }
        }
        return grew ? new BanditState(name, kind, settings, next, weights, revision + 1, reweighedAt) : this;
    }

    /** This state with new weights, moved at {@code at}. */
    public BanditState withWeights(Map<String, Integer> newWeights, Instant at) {
        return new BanditState(name, kind, settings, arms, newWeights, revision + 1, at);
    }

    /** The arms' names in order. */
    public List<String> armNames() {
        return arms.stream().map(ArmStats::arm).toList();
    }
}
