package io.dubboai.abtest.experiment;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * An experiment as a user defines it. Checked by {@link ExperimentValidator} before it is stored.
 *
 * @param id the experiment's name (see {@link io.dubboai.abtest.DocumentNames}), e.g. {@code risk-v2-vs-v1}
 * @param model the model whose versions are compared
 * @param unitAttachment the invocation attachment whose value identifies a unit (a user id): it becomes the route
 *     rule's sticky key, so a unit sees the same variant on every consumer
 * @param variants two or more arms with allocations summing to 100
 * @param primaryMetric the metric that decides
 * @param guardrailMetrics metrics that must not be harmed
 * @param design the size of the experiment
 * @param decision how its results are acted on; null: {@link DecisionPolicy#recommendOnly()}
 */
public record ExperimentSpec(
        String id,
        String model,
        String unitAttachment,
        List<Variant> variants,
        String primaryMetric,
        List<String> guardrailMetrics,
        Design design,
        @Nullable DecisionPolicy decision) {

    public ExperimentSpec {
        variants = List.copyOf(variants);
        guardrailMetrics = List.copyOf(guardrailMetrics);
    }

    /** An experiment whose results are only recommended ({@link DecisionPolicy#recommendOnly()}). */
    public ExperimentSpec(
            String id,
            String model,
            String unitAttachment,
            List<Variant> variants,
            String primaryMetric,
            List<String> guardrailMetrics,
            Design design) {
        this(id, model, unitAttachment, variants, primaryMetric, guardrailMetrics, design, null);
    }

    /** The decision policy, its default when none was given. */
    public DecisionPolicy decisionPolicy() {
        return decision == null ? DecisionPolicy.recommendOnly() : decision;
    }

    /** The control variant (the first). */
    public Variant control() {
        return variants.get(0);
    }

    /** Every metric the experiment reads: the primary first, then the guardrails. */
    public List<String> metrics() {
        List<String> all = new java.util.ArrayList<>();
        all.add(primaryMetric);
        all.addAll(guardrailMetrics);
        return all;
    }
}
