package io.dubboai.abtest.analysis;

import io.dubboai.abtest.experiment.DecisionKind;
import io.dubboai.abtest.experiment.DecisionPolicy;
import io.dubboai.abtest.experiment.Experiment;
import io.dubboai.abtest.experiment.ExperimentSpec;
import io.dubboai.abtest.experiment.Metric;
import io.dubboai.abtest.experiment.MetricCatalog;
import io.dubboai.abtest.experiment.Variant;
import io.dubboai.abtest.ledger.MetricTally;
import io.dubboai.abtest.ledger.Tally;
import io.dubboai.abtest.ledger.VariantTally;
import io.dubboai.abtest.stats.MixtureSequentialTest;
import io.dubboai.abtest.stats.SampleRatioMismatch;
import io.dubboai.abtest.stats.SequentialResult;
import io.dubboai.abtest.stats.SrmResult;
import io.dubboai.abtest.stats.Summary;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Reads an experiment's tally and decides.
 *
 * <h2>Statistics</h2>
 * Every treatment is compared with the control (the first variant) on the primary metric and on each guardrail with
 * the always-valid mixture sequential test ({@link MixtureSequentialTest}, Johari et al. 2022), tuned for the
 * experiment's planned size ({@code unitsPerVariant} per arm, both arms together), so the results may be read after
 * every batch without inflating the false-positive rate. The relative lift's interval uses the delta-method standard
 * error (Deng, Knoblich, Lu 2018) with the same sequential boundary. The exposures are checked against the allocation
 * for a sample-ratio mismatch ({@link SampleRatioMismatch}, p < 0.001).
 *
 * <h2>Decision, in this order</h2>
 * <ol>
 *   <li>A variant below {@link DecisionPolicy#minUnitsPerVariant()} tracked units: keep running.
 *   <li>A sample-ratio mismatch: keep running (the results are not trustworthy; the assignment needs checking).
 *   <li>A treatment significantly worse than the control on a guardrail: stop for harm.
 *   <li>Treatments significantly better than the control on the primary metric: promote the best of them. All
 *       treatments significantly worse: promote the control.
 *   <li>Every variant at {@value #MAX_SIZE_FACTOR}x its planned units with none of the above: stop, inconclusive
 *       (the sequential test needs about 1.6x the fixed-horizon size for the same power, see docs/abtest.md).
 *   <li>Else keep running.
 * </ol>
 * Guardrails are tested at the experiment's level each, without a multiplicity correction: a guardrail errs on the
 * side of stopping.
 */
public final class ExperimentAnalyzer {

    /** Multiple of the planned units per variant at which an experiment without a winner stops. */
    public static final int MAX_SIZE_FACTOR = 2;

    private final MetricCatalog metrics;

    public ExperimentAnalyzer(MetricCatalog metrics) {
        this.metrics = metrics;
    }

    /** The results of {@code experiment} for {@code tally}, read at {@code at}. */
    public ExperimentResults analyze(Experiment experiment, Tally tally, Instant at) {
        ExperimentSpec spec = experiment.spec();
        DecisionPolicy policy = spec.decisionPolicy();
        MixtureSequentialTest test =
                MixtureSequentialTest.tunedFor(spec.design().alpha(), Math.max(2, 2 * experiment.unitsPerVariant()));

        List<VariantResult> variants = new ArrayList<>();
        long exposed =
                tally.variants().stream().mapToLong(VariantTally::exposed).sum();
        for (Variant variant : spec.variants()) {
            VariantTally counted = tally.variant(variant.name());
            String version =
                    experiment.versions() == null ? null : experiment.versions().get(variant.name());
            variants.add(new VariantResult(
                    variant.name(),
                    version,
                    variant.allocation(),
                    counted.units(),
                    counted.untracked(),
                    exposed == 0 ? 0 : (double) counted.exposed() / exposed));
        }
        Srm srm = srm(spec, tally);

        Metric primaryMetric = metric(spec.primaryMetric());
        Variant control = spec.control();
        List<Comparison> primary = new ArrayList<>();
        List<Comparison> guardrails = new ArrayList<>();
        for (Variant treatment : spec.variants().subList(1, spec.variants().size())) {
            primary.add(compare(test, primaryMetric, tally, control.name(), treatment.name()));
            for (String guardrail : spec.guardrailMetrics()) {
                guardrails.add(compare(test, metric(guardrail), tally, control.name(), treatment.name()));
            }
        }

        Decided decided = decide(experiment, policy, primaryMetric, tally, srm, primary, guardrails);
        Map<String, Double> evidence = new LinkedHashMap<>(decided.evidence);
        evidence.put("srmPValue", srm.pValue());
        evidence.put("exposedUnits", (double) exposed);
        return new ExperimentResults(
                spec.id(),
                at,
                variants,
                exposed,
                tally.crossovers(),
                srm,
                primary,
                guardrails,
                decided.kind,
                decided.winner,
                decided.reason,
                finite(evidence));
    }

    private record Decided(DecisionKind kind, @Nullable String winner, String reason, Map<String, Double> evidence) {}

    private static Decided decide(
            Experiment experiment,
            DecisionPolicy policy,
            Metric primaryMetric,
            Tally tally,
            Srm srm,
            List<Comparison> primary,
            List<Comparison> guardrails) {
        ExperimentSpec spec = experiment.spec();
        long fewest =
                tally.variants().stream().mapToLong(VariantTally::units).min().orElse(0);
        if (fewest < policy.minUnitsPerVariant()) {
            return new Decided(
                    DecisionKind.KEEP_RUNNING,
                    null,
                    "waiting for " + policy.minUnitsPerVariant() + " units in every variant (the fewest has " + fewest
                            + ")",
                    Map.of("fewestUnits", (double) fewest));
        }
        if (srm.mismatch()) {
            return new Decided(
                    DecisionKind.KEEP_RUNNING,
                    null,
                    String.format(
                            Locale.ROOT,
                            "sample ratio mismatch: the exposures do not match the allocation (chi-square %.2f, p ="
                                    + " %.2g < 0.001); no decision until the assignment is checked (consumers without"
                                    + " the unit attachment, a filter dropping exposures, a variant failing calls)",
                            srm.chiSquare(),
                            srm.pValue()),
                    Map.of("srmChiSquare", srm.chiSquare()));
        }
        Optional<Comparison> harm = guardrails.stream()
                .filter(c -> c.verdict() == Comparison.Verdict.WORSE)
                .min(Comparator.comparingDouble(Comparison::pValue));
        if (harm.isPresent()) {
            Comparison c = harm.get();
            return new Decided(
                    DecisionKind.STOP_FOR_HARM,
                    spec.control().name(),
                    "variant '" + c.variant() + "' harms guardrail '" + c.metric() + "': " + describe(c),
                    evidence(c));
        }
        List<Comparison> better = primary.stream()
                .filter(c -> c.verdict() == Comparison.Verdict.BETTER)
                .toList();
        if (!better.isEmpty()) {
            double sign = primaryMetric.better() == Metric.Direction.HIGHER ? 1 : -1;
            Comparison best = better.stream()
                    .max(Comparator.comparingDouble(c -> sign * c.difference()))
                    .orElseThrow();
            return new Decided(
                    DecisionKind.PROMOTE,
                    best.variant(),
                    "variant '" + best.variant() + "' beats the control on '" + best.metric() + "': " + describe(best),
                    evidence(best));
        }
        if (!primary.isEmpty() && primary.stream().allMatch(c -> c.verdict() == Comparison.Verdict.WORSE)) {
            Comparison closest = primary.stream()
                    .max(Comparator.comparingDouble(Comparison::pValue))
                    .orElseThrow();
            return new Decided(
                    DecisionKind.PROMOTE,
                    spec.control().name(),
                    "the control beats every treatment on '" + closest.metric() + "'; the closest: "
                            + describe(closest),
                    evidence(closest));
        }
        long largest = MAX_SIZE_FACTOR * experiment.unitsPerVariant();
        if (fewest >= largest) {
            Comparison first = primary.get(0);
            return new Decided(
                    DecisionKind.STOP_INCONCLUSIVE,
                    null,
                    "every variant reached " + largest + " units (" + MAX_SIZE_FACTOR + "x the planned "
                            + experiment.unitsPerVariant() + ") without a significant difference on '"
                            + first.metric() + "': " + describe(first),
                    evidence(first));
        }
        Comparison first = primary.get(0);
        return new Decided(
                DecisionKind.KEEP_RUNNING,
                null,
                "no significant difference on '" + first.metric() + "' yet: " + describe(first),
                evidence(first));
    }

    private Srm srm(ExperimentSpec spec, Tally tally) {
        List<Long> observed = new ArrayList<>();
        List<Double> weights = new ArrayList<>();
        for (Variant variant : spec.variants()) {
            if (variant.allocation() > 0) {
                observed.add(tally.variant(variant.name()).exposed());
                weights.add((double) variant.allocation());
            }
        }
        if (observed.size() < 2 || observed.stream().mapToLong(Long::longValue).sum() == 0) {
            return new Srm(0, 1, false);
        }
        SrmResult result = SampleRatioMismatch.test(
                observed.stream().mapToLong(Long::longValue).toArray(),
                weights.stream().mapToDouble(Double::doubleValue).toArray());
        return new Srm(result.chiSquare(), result.pValue(), result.mismatch());
    }

    private static Comparison compare(
            MixtureSequentialTest test, Metric metric, Tally tally, String control, String treatment) {
        MetricTally controlTally = tally.variant(control).metric(metric.name());
        MetricTally treatmentTally = tally.variant(treatment).metric(metric.name());
        if (controlTally.n() < 2 || treatmentTally.n() < 2) {
            return new Comparison(
                    metric.name(),
                    treatment,
                    control,
                    controlTally.mean(),
                    treatmentTally.mean(),
                    controlTally.n(),
                    treatmentTally.n(),
                    treatmentTally.mean() - controlTally.mean(),
                    null,
                    null,
                    null,
                    null,
                    null,
                    1,
                    false,
                    Comparison.Verdict.UNDECIDED);
        }
        Summary c = controlTally.summary();
        Summary t = treatmentTally.summary();
        double difference = t.mean() - c.mean();
        SequentialResult result = test.evaluate(c, t);
        Double lower = finiteOrNull(result.interval().lower());
        Double upper = finiteOrNull(result.interval().upper());
        Double relative = null;
        Double relativeLower = null;
        Double relativeUpper = null;
        if (c.mean() != 0) {
            relative = t.mean() / c.mean() - 1;
            double m = c.mean();
            double variance = t.varianceOfMean() / (m * m) + t.mean() * t.mean() * c.varianceOfMean() / (m * m * m * m);
            double se = Math.sqrt(variance);
            if (se > 0 && Double.isFinite(se)) {
                double half = se * test.criticalZ(c.n() + t.n());
                relativeLower = relative - half;
                relativeUpper = relative + half;
            }
        }
        Comparison.Verdict verdict = Comparison.Verdict.UNDECIDED;
        if (result.significant()) {
            boolean higher = difference > 0;
            verdict = higher == (metric.better() == Metric.Direction.HIGHER)
                    ? Comparison.Verdict.BETTER
                    : Comparison.Verdict.WORSE;
        }
        return new Comparison(
                metric.name(),
                treatment,
                control,
                c.mean(),
                t.mean(),
                c.n(),
                t.n(),
                difference,
                lower,
                upper,
                relative,
                relativeLower,
                relativeUpper,
                result.pValue(),
                result.significant(),
                verdict);
    }

    private Metric metric(String name) {
        return metrics.find(name)
                .orElseThrow(() -> new IllegalStateException("metric '" + name + "' of a stored experiment is no longer"
                        + " in the catalog " + metrics.names() + "; add it back or stop the experiment"));
    }

    private static String describe(Comparison c) {
        return String.format(
                Locale.ROOT,
                "%s %.4g (n = %d) vs control %.4g (n = %d), difference %+.4g, always-valid interval [%s, %s],"
                        + " p = %.3g",
                c.variant(),
                c.variantMean(),
                c.variantUnits(),
                c.controlMean(),
                c.controlUnits(),
                c.difference(),
                c.lower() == null ? "-inf" : String.format(Locale.ROOT, "%.4g", c.lower()),
                c.upper() == null ? "inf" : String.format(Locale.ROOT, "%.4g", c.upper()),
                c.pValue());
    }

    private static Map<String, Double> evidence(Comparison c) {
        Map<String, Double> numbers = new LinkedHashMap<>();
        numbers.put("controlMean", c.controlMean());
        numbers.put("variantMean", c.variantMean());
        numbers.put("controlUnits", (double) c.controlUnits());
        numbers.put("variantUnits", (double) c.variantUnits());
        numbers.put("difference", c.difference());
        if (c.lower() != null) {
            numbers.put("lower", c.lower());
        }
        if (c.upper() != null) {
            numbers.put("upper", c.upper());
        }
        if (c.relativeLift() != null) {
            numbers.put("relativeLift", c.relativeLift());
        }
        numbers.put("pValue", c.pValue());
        return numbers;
    }

    private static @Nullable Double finiteOrNull(double value) {
        return Double.isFinite(value) ? value : null;
    }

    private static Map<String, Double> finite(Map<String, Double> numbers) {
        Map<String, Double> kept = new LinkedHashMap<>();
        numbers.forEach((k, v) -> {
            if (Double.isFinite(v)) {
                kept.put(k, v);
            }
        });
        return kept;
    }
}
