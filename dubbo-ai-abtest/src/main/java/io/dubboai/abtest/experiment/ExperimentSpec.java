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
 * @param monitoringGuardrails serving metrics of the variants' versions that must not degrade (read from monitoring);
 *     null: none
 * @param bandit null: a fixed split (the variants' allocations); else the engine moves the split towards the better
 *     variant from the rewards recorded so far, starting at the allocations
 */
public record ExperimentSpec(
        String id,
        String model,
        String unitAttachment,
        List<Variant> variants,
        String primaryMetric,
        List<String> guardrailMetrics,
        Design design,
        @Nullable DecisionPolicy decision,
        @Nullable BanditDesign bandit,
        @Nullable List<MonitoringGuardrail> monitoringGuardrails) {

    public ExperimentSpec {
        variants = List.copyOf(variants);
        guardrailMetrics = List.copyOf(guardrailMetrics);
        monitoringGuardrails = monitoringGuardrails == null ? List.of() : List.copyOf(monitoringGuardrails);
    }

    /** An experiment with a fixed split. */
    public ExperimentSpec(
            String id,
            String model,
            String unitAttachment,
            List<Variant> variants,
            String primaryMetric,
            List<String> guardrailMetrics,
            Design design,
            @Nullable DecisionPolicy decision) {
        this(id, model, unitAttachment, variants, primaryMetric, guardrailMetrics, design, decision, null, null);
    }

    /** This experiment with an adaptive split ({@code bandit}). */
    public ExperimentSpec withBandit(@Nullable BanditDesign next) {
        return new ExperimentSpec(
                id,
                model,
                unitAttachment,
                variants,
                primaryMetric,
                guardrailMetrics,
                design,
                decision,
                next,
                monitoringGuardrails);
    }

    /** This experiment with guardrails read from monitoring. */
    public ExperimentSpec withMonitoringGuardrails(List<MonitoringGuardrail> next) {
        return new ExperimentSpec(
                id, model, unitAttachment, variants, primaryMetric, guardrailMetrics, design, decision, bandit, next);
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
        this(id, model, unitAttachment, variants, primaryMetric, guardrailMetrics, design, null, null, null);
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
