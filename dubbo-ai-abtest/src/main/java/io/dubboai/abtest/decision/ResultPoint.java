package io.dubboai.abtest.decision;

import io.dubboai.abtest.analysis.Comparison;
import io.dubboai.abtest.analysis.ExperimentResults;
import io.dubboai.abtest.analysis.VariantResult;
import io.dubboai.abtest.experiment.DecisionKind;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One reading of an experiment, kept in its history: units per variant and, per treatment, its primary-metric
 * difference with the always-valid interval.
 *
 * @param at when it was read
 * @param units tracked units per variant
 * @param primary per treatment: the difference on the primary metric with its interval and p-value
 * @param srmPValue the sample-ratio check's p-value
 * @param decision what the results called for
 */
public record ResultPoint(
        Instant at, Map<String, Long> units, List<Lift> primary, double srmPValue, DecisionKind decision) {

    /**
     * A treatment's lift on the primary metric at one reading.
     *
     * @param variant the treatment
     * @param difference treatment minus control
     * @param lower lower bound of the always-valid interval, null without information
     * @param upper upper bound, likewise
     * @param pValue always-valid p-value
     */
    public record Lift(
            String variant,
            double difference,
            @Nullable Double lower,
            @Nullable Double upper,
            double pValue) {}

    public ResultPoint {
        units = Map.copyOf(units);
        primary = List.copyOf(primary);
    }

    /** The point of {@code results}. */
    public static ResultPoint of(ExperimentResults results) {
        Map<String, Long> units = new LinkedHashMap<>();
        for (VariantResult variant : results.variants()) {
            units.put(variant.name(), variant.units());
        }
        List<Lift> lifts = results.primary().stream()
                .map((Comparison c) -> new Lift(c.variant(), c.difference(), c.lower(), c.upper(), c.pValue()))
                .toList();
        return new ResultPoint(results.at(), units, lifts, results.srm().pValue(), results.decision());
    }
}
