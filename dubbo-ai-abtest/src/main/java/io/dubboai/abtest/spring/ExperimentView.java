package io.dubboai.abtest.spring;

import io.dubboai.abtest.analysis.ExperimentResults;
import io.dubboai.abtest.decision.ResultPoint;
import io.dubboai.abtest.experiment.DecisionPolicy;
import io.dubboai.abtest.experiment.DecisionRecord;
import io.dubboai.abtest.experiment.Design;
import io.dubboai.abtest.experiment.Experiment;
import io.dubboai.abtest.experiment.ExperimentSpec;
import io.dubboai.abtest.experiment.ExperimentStatus;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * An experiment as the REST API shows it. Field names are a contract (the admin UI reads them; docs/abtest.md lists
 * them).
 *
 * @param results its results now (null before it starts, and in lists)
 * @param history its readings by the engine, oldest first (empty in lists)
 */
public record ExperimentView(
        String id,
        String model,
        ExperimentStatus status,
        String unitAttachment,
        List<VariantView> variants,
        String primaryMetric,
        List<String> guardrailMetrics,
        Design design,
        DecisionPolicy decisionPolicy,
        long unitsPerVariant,
        @Nullable Instant startedAt,
        @Nullable Instant stoppedAt,
        @Nullable DecisionRecord decision,
        @Nullable ExperimentResults results,
        List<ResultPoint> history) {

    /**
     * A variant.
     *
     * @param version the version it serves, once started (aliases resolved)
     */
    public record VariantView(
            String name,
            String target,
            int allocation,
            @Nullable String version) {}

    static ExperimentView of(Experiment experiment, @Nullable ExperimentResults results, List<ResultPoint> history) {
        ExperimentSpec spec = experiment.spec();
        List<VariantView> variants = spec.variants().stream()
                .map(v -> new VariantView(
                        v.name(),
                        v.target(),
                        v.allocation(),
                        experiment.versions() == null
                                ? null
                                : experiment.versions().get(v.name())))
                .toList();
        return new ExperimentView(
                spec.id(),
                spec.model(),
                experiment.status(),
                spec.unitAttachment(),
                variants,
                spec.primaryMetric(),
                spec.guardrailMetrics(),
                spec.design(),
                spec.decisionPolicy(),
                experiment.unitsPerVariant(),
                experiment.startedAt(),
                experiment.stoppedAt(),
                experiment.decision(),
                results,
                history);
    }
}
