package io.dubboai.abtest.spring;

import io.dubboai.abtest.experiment.DecisionPolicy;
import io.dubboai.abtest.experiment.Design;
import io.dubboai.abtest.experiment.ExperimentSpec;
import io.dubboai.abtest.experiment.Variant;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The body of {@code POST /api/v1/ai/experiments}: an {@link ExperimentSpec} whose optional parts have defaults
 * (alpha 0.05, power 0.8, no guardrails, recommendations only).
 */
public record ExperimentRequest(
        @Nullable String id,
        @Nullable String model,
        @Nullable String unitAttachment,
        @Nullable List<Variant> variants,
        @Nullable String primaryMetric,
        @Nullable List<String> guardrailMetrics,
        @Nullable DesignRequest design,
        @Nullable DecisionRequest decision) {

    /** The size: {@code fixedUnitsPerVariant}, or {@code minimumDetectableEffect} with its baseline. */
    public record DesignRequest(
            @Nullable Double alpha,
            @Nullable Double power,
            @Nullable Double minimumDetectableEffect,
            @Nullable Double baselineRate,
            @Nullable Double standardDeviation,
            @Nullable Long fixedUnitsPerVariant) {}

    /** How decisions are acted on. */
    public record DecisionRequest(
            @Nullable Boolean automatic,
            @Nullable String promoteAlias,
            @Nullable Long minUnitsPerVariant) {}

    /** The spec, with defaults; missing required fields are left empty so the validator names each. */
    ExperimentSpec toSpec() {
        DesignRequest d = design == null ? new DesignRequest(null, null, null, null, null, null) : design;
        DecisionRequest p = decision == null ? new DecisionRequest(null, null, null) : decision;
        return new ExperimentSpec(
                Objects.requireNonNullElse(id, ""),
                Objects.requireNonNullElse(model, ""),
                Objects.requireNonNullElse(unitAttachment, ""),
                variants == null ? List.of() : variants,
                Objects.requireNonNullElse(primaryMetric, ""),
                guardrailMetrics == null ? List.of() : guardrailMetrics,
                new Design(
                        Objects.requireNonNullElse(d.alpha(), 0.05),
                        Objects.requireNonNullElse(d.power(), 0.8),
                        d.minimumDetectableEffect(),
                        d.baselineRate(),
                        d.standardDeviation(),
                        d.fixedUnitsPerVariant()),
                new DecisionPolicy(
                        Objects.requireNonNullElse(p.automatic(), false),
                        Objects.requireNonNullElse(p.promoteAlias(), DecisionPolicy.DEFAULT_ALIAS),
                        Objects.requireNonNullElse(p.minUnitsPerVariant(), DecisionPolicy.DEFAULT_MIN_UNITS)));
    }
}
