package io.dubboai.abtest.experiment;

import java.util.List;

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
 */
public record ExperimentSpec(
        String id,
        String model,
        String unitAttachment,
        List<Variant> variants,
        String primaryMetric,
        List<String> guardrailMetrics,
        Design design) {

    public ExperimentSpec {
        variants = List.copyOf(variants);
        guardrailMetrics = List.copyOf(guardrailMetrics);
    }
}
