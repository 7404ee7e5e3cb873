package io.dubboai.abtest.analysis;

import io.dubboai.abtest.experiment.DecisionKind;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * An experiment read at one moment: what the REST API returns and what the decision is based on. Field names are a
 * contract of the REST API (the admin UI reads them): change them only with docs/abtest.md.
 *
 * @param experiment its id
 * @param at when it was read
 * @param variants exposures per variant, control first
 * @param exposedUnits units exposed in all
 * @param crossovers exposures of a unit to a variant other than its first (0 when assignment is sticky)
 * @param srm the sample-ratio check
 * @param primary each treatment against the control on the primary metric
 * @param guardrails each treatment against the control on each guardrail metric
 * @param decision what the results call for now
 * @param winner the winning variant of a promotion, else null
 * @param reason the decision in words, with its numbers
 * @param evidence the numbers behind the decision by name
 */
public record ExperimentResults(
        String experiment,
        Instant at,
        List<VariantResult> variants,
        long exposedUnits,
        long crossovers,
        Srm srm,
        List<Comparison> primary,
        List<Comparison> guardrails,
        DecisionKind decision,
        @Nullable String winner,
        String reason,
        Map<String, Double> evidence) {

    public ExperimentResults {
        variants = List.copyOf(variants);
        primary = List.copyOf(primary);
        guardrails = List.copyOf(guardrails);
        evidence = Map.copyOf(evidence);
    }
}
