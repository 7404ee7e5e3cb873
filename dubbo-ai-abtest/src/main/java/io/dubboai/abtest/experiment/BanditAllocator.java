package io.dubboai.abtest.experiment;

import io.dubboai.abtest.MetricKind;
import io.dubboai.abtest.bandit.ArmStats;
import io.dubboai.abtest.bandit.BanditService;
import io.dubboai.abtest.bandit.BanditState;
import io.dubboai.abtest.bandit.Reweighing;
import io.dubboai.controlplane.rule.RouteRuleEdit;
import io.dubboai.controlplane.rule.RouteRuleEditor;
import io.dubboai.controlplane.rule.RouteRulePrecondition;
import io.dubboai.controlplane.rule.StoredRouteRule;
import io.dubboai.core.rule.ModelRouteRule;
import io.dubboai.core.rule.TrafficSplit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives the split of an adaptive experiment ({@link ExperimentSpec#bandit()}): one step sets the bandit's rewards to
 * the ledger's totals on the primary metric, lets the bandit move its weights (within the floor, the step bound, the
 * minimum units per arm and the minimum interval: {@link BanditService#reweigh}) and writes the bandit's weights into
 * the model's route rule through the one rule writer ({@link RouteRuleEditor}).
 *
 * <h2>Several replicas</h2>
 * The bandit's state (document {@code bandit.<experiment id>}) changes only by compare-and-set, and every replica
 * computes the same weights from the same state. The rule is written from the bandit's weights <em>as stored when
 * the rule's compare-and-set is attempted</em>: the change reads the bandit inside the rule edit, after the rule's
 * ticket; a replica writes the bandit before the rule, so a replica that sees another's rule also sees its (or a
 * newer) bandit state. Two replicas therefore never write weights of different revisions in the wrong order: the rule
 * always carries the weights of the newest bandit state its writer could see.
 *
 * <h2>What it leaves alone</h2>
 * The rule is written only while the experiment is running without a decision and the rule still is the
 * experiment's split (its sticky key is the unit attachment and only the variants' versions carry weight): after a
 * stop has restored the previous split, or an operator took the split over, a late step writes nothing.
 *
 * <p>Threading: every method may be called from any thread.
 */
public final class BanditAllocator {

    private static final Logger log = LoggerFactory.getLogger(BanditAllocator.class);

    private final BanditService bandits;
    private final ExperimentService experiments;
    private final RouteRuleEditor rules;

    public BanditAllocator(BanditService bandits, ExperimentService experiments, RouteRuleEditor rules) {
        this.bandits = bandits;
        this.experiments = experiments;
        this.rules = rules;
    }

    /**
     * What one step did.
     *
     * @param reweighing the bandit after the step, and why its weights did or did not move
     * @param ruleWritten whether the route rule was written
     */
    public record Step(Reweighing reweighing, boolean ruleWritten) {

        /** The bandit's weights by variant. */
        public Map<String, Integer> weights() {
            return reweighing.state().weights();
        }
    }

    /** The name of the bandit document of experiment {@code id} ({@code bandit.<id>}). */
    public static String banditName(String id) {
        return id;
    }

    /** The bandit state of experiment {@code id}, if it is adaptive and has started. */
    public Optional<BanditState> state(String id) {
        return bandits.find(banditName(id));
    }

    /**
     * One step for a running adaptive experiment.
     *
     * @param experiment a running experiment with a {@link ExperimentSpec#bandit()}
     * @param primaryKind the kind of its primary metric
     * @param totals per variant: the units counted on the primary metric and the sum (and sum of squares) of their
     *     values, as the ledger has them now
     * @throws IllegalArgumentException when the experiment is not adaptive
     */
    public Step step(Experiment experiment, MetricKind primaryKind, Map<String, ArmStats> totals) {
        ExperimentSpec spec = experiment.spec();
        BanditDesign design = spec.bandit();
        if (design == null) {
            throw new IllegalArgumentException("experiment '" + spec.id() + "' has a fixed split, not a bandit");
        }
        String name = banditName(spec.id());
        if (bandits.find(name).isEmpty()) {
            create(spec, design, primaryKind);
        }
        bandits.observe(name, totals);
        Reweighing reweighing = bandits.reweigh(name);
        if (reweighing.changed()) {
            log.info(
                    "Experiment '{}' (model '{}'): bandit moved the split to {} from the rewards {}",
                    spec.id(),
                    spec.model(),
                    reweighing.state().weights(),
                    describe(reweighing.state()));
        }
        RouteRuleEdit edit = rules.edit(spec.model(), RouteRulePrecondition.ANY, stored -> withWeights(spec, stored));
        return new Step(reweighing, edit.written());
    }

    private void create(ExperimentSpec spec, BanditDesign design, MetricKind kind) {
        Map<String, Integer> weights = new LinkedHashMap<>();
        List<ArmStats> arms = new ArrayList<>();
        for (Variant variant : spec.variants()) {
            weights.put(variant.name(), variant.allocation());
            arms.add(ArmStats.empty(variant.name()));
        }
        try {
            bandits.create(new BanditState(banditName(spec.id()), kind, design.settings(), arms, weights, 0, null));
        } catch (IllegalStateException e) {
            log.debug("bandit of experiment '{}' was created by another replica", spec.id());
        }
    }

    /** The stored rule with the bandit's current weights, or empty when nothing is to be written. */
    private Optional<ModelRouteRule> withWeights(ExperimentSpec spec, @Nullable StoredRouteRule stored) {
        if (stored == null || stored.rule().isEmpty()) {
            log.warn(
                    "Experiment '{}': the route rule of model '{}' is missing or invalid; its split is not moved",
                    spec.id(),
                    spec.model());
            return Optional.empty();
        }
        ModelRouteRule current = stored.rule().get();
        Optional<Experiment> experiment = experiments.find(spec.id());
        Optional<BanditState> state = bandits.find(banditName(spec.id()));
        if (experiment.isEmpty()
                || experiment.get().status() != ExperimentStatus.RUNNING
                || experiment.get().decision() != null
                || experiment.get().versions() == null
                || state.isEmpty()) {
            return Optional.empty();
        }
        Map<String, String> versions = Objects.requireNonNull(experiment.get().versions());
        Map<String, Integer> byVersion = new LinkedHashMap<>();
        state.get().weights().forEach((variant, weight) -> byVersion.put(versions.get(variant), weight));
        boolean ours = spec.unitAttachment().equals(current.stickyKey())
                && current.traffic().stream()
                        .allMatch(split -> split.weight() == 0 || byVersion.containsKey(split.version()));
        if (!ours) {
            log.warn(
                    "Experiment '{}': the route rule of model '{}' no longer carries the experiment's split (sticky"
                            + " key '{}', split {}); the bandit's weights {} are not written",
                    spec.id(),
                    spec.model(),
                    current.stickyKey(),
                    current.traffic(),
                    state.get().weights());
            return Optional.empty();
        }
        List<TrafficSplit> traffic = new ArrayList<>();
        for (TrafficSplit split : current.traffic()) {
            Integer weight = byVersion.remove(split.version());
            traffic.add(weight == null ? split : new TrafficSplit(split.version(), weight));
        }
        byVersion.forEach((version, weight) -> traffic.add(new TrafficSplit(version, weight)));
        ModelRouteRule next = current.toBuilder().traffic(traffic).build();
        return next.equals(current) ? Optional.empty() : Optional.of(next);
    }

    private static String describe(BanditState state) {
        StringBuilder text = new StringBuilder();
        for (ArmStats arm : state.arms()) {
            if (!text.isEmpty()) {
                text.append(", ");
            }
            text.append(arm.arm())
                    .append(": mean ")
                    .append(String.format(java.util.Locale.ROOT, "%.4g", arm.mean()))
                    .append(" (n = ")
                    .append(arm.units())
                    .append(')');
        }
        return text.toString();
    }
}
