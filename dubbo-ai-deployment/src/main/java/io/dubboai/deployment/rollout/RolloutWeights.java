package io.dubboai.deployment.rollout;

import io.dubboai.core.rule.ModelRouteRule;
import io.dubboai.core.rule.ShadowTraffic;
import io.dubboai.core.rule.TrafficSplit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** The route-rule side of a rollout: which version has all traffic, and the rule with a rollout's split. */
final class RolloutWeights {

    private RolloutWeights() {}

    /**
     * The version with all weighted traffic, empty when the rule has no split.
     *
     * @throws IllegalStateException when traffic is split between versions (saying how)
     */
    static Optional<String> baselineOf(@Nullable ModelRouteRule rule) {
        if (rule == null || rule.traffic().isEmpty()) {
            return Optional.empty();
        }
        List<TrafficSplit> taking =
                rule.traffic().stream().filter(s -> s.weight() > 0).toList();
        if (taking.size() == 1) {
            return Optional.of(taking.get(0).version());
        }
        throw new IllegalStateException("traffic of model '" + rule.model() + "' is split " + describe(rule.traffic())
                + "; a rollout starts from one version at 100 %: set that split with PUT /api/v1/ai/models/"
                + rule.model() + "/route-rule first");
    }

    /**
     * {@code current} (or a new rule) with {@code weight} percent on {@code candidate}, the rest on {@code baseline}
     * (all on the candidate without a baseline), every other listed version kept at 0 so aliases and the fallback
     * stay valid. Other fields are kept.
     */
    static ModelRouteRule withSplit(
            String model, @Nullable ModelRouteRule current, String candidate, @Nullable String baseline, int weight) {
        Map<String, Integer> split = new LinkedHashMap<>();
        if (current != null) {
            current.traffic().forEach(s -> split.put(s.version(), 0));
        }
        if (baseline != null) {
            split.put(baseline, 100 - weight);
            split.put(candidate, weight);
        } else {
            split.put(candidate, 100);
        }
        List<TrafficSplit> traffic = new ArrayList<>();
        split.forEach((version, w) -> traffic.add(new TrafficSplit(version, w)));
        if (current == null) {
            return ModelRouteRule.builder(model).traffic(traffic).build();
        }
        return current.withTraffic(traffic);
    }

    /**
     * {@code rule} mirroring {@code percent} % of the calls to {@code candidate}; with {@code percent} 0, without a
     * shadow of {@code candidate} (a shadow of another version, set by someone else, is kept).
     */
    static ModelRouteRule withShadow(ModelRouteRule rule, String candidate, double percent) {
        if (percent > 0) {
            return rule.withShadow(new ShadowTraffic(candidate, percent));
        }
        return rule.shadowTraffic()
                .filter(shadow -> shadow.version().equals(candidate))
                .map(shadow -> rule.withShadow(null))
                .orElse(rule);
    }

    /** The rule's shadow as {@code version:percent}, or {@code none}: for events and tests. */
    static String shadowOf(ModelRouteRule rule) {
        return rule.shadowTraffic()
                .map(shadow -> shadow.version() + ":" + Rollout.formatPercent(shadow.percent()))
                .orElse("none");
    }

    /** The split of {@code rule} as version → weight. */
    static Map<String, Integer> weightsOf(ModelRouteRule rule) {
        Map<String, Integer> weights = new LinkedHashMap<>();
        rule.traffic().forEach(s -> weights.put(s.version(), s.weight()));
        return weights;
    }

    static String describe(List<TrafficSplit> traffic) {
        StringBuilder text = new StringBuilder("(");
        for (TrafficSplit split : traffic) {
            if (text.length() > 1) {
                text.append(", ");
            }
            text.append(split.version()).append(": ").append(split.weight()).append(" %");
        }
        return text.append(')').toString();
    }
}
