package io.dubboai.abtest.experiment;

import io.dubboai.abtest.DocumentNames;
import io.dubboai.abtest.MetricKind;
import io.dubboai.abtest.stats.SampleSize;
import io.dubboai.core.model.ModelNames;
import io.dubboai.core.rule.InvalidRouteRuleException;
import io.dubboai.core.rule.ModelRouteRule;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks an {@link ExperimentSpec} and reports every problem with its field, so that one answer lists all fixes.
 */
public final class ExperimentValidator {

    private static final Pattern VARIANT = Pattern.compile("[a-z0-9][a-z0-9_-]{0,31}");

    private final MetricCatalog metrics;

    public ExperimentValidator(MetricCatalog metrics) {
        this.metrics = metrics;
    }

    /** Every problem of {@code spec}; empty when it is valid. */
    public List<ExperimentProblem> problems(ExperimentSpec spec) {
        List<ExperimentProblem> problems = new ArrayList<>();
        DocumentNames.check("experiment", spec.id()).ifPresent(p -> problems.add(new ExperimentProblem("id", p)));
        ModelNames.checkModelName(spec.model()).ifPresent(p -> problems.add(new ExperimentProblem("model", p)));
        checkUnit(spec.unitAttachment(), problems);
        checkVariants(spec.variants(), problems);
        Optional<Metric> primary = checkMetrics(spec, problems);
        primary.ifPresent(metric -> checkDesign(spec.design(), metric.kind(), problems));
        checkDecision(spec.decisionPolicy(), problems);
        return problems;
    }

    /** {@code spec} if valid, else an {@link InvalidExperimentException} listing every problem. */
    public ExperimentSpec require(ExperimentSpec spec) {
        List<ExperimentProblem> problems = problems(spec);
        if (!problems.isEmpty()) {
            throw new InvalidExperimentException(spec.id(), problems);
        }
        return spec;
    }

    /** The units per variant the design asks for (the spec must be valid). */
    public long unitsPerVariant(ExperimentSpec spec) {
        Design design = spec.design();
        if (design.fixedUnitsPerVariant() != null) {
            return design.fixedUnitsPerVariant();
        }
        double mde = design.minimumDetectableEffect();
        Metric primary = metrics.find(spec.primaryMetric()).orElseThrow();
        if (primary.kind() == MetricKind.CONVERSION) {
            double base = design.baselineRate();
            return SampleSize.perArmForProportions(base, base + mde, design.alpha(), design.power());
        }
        return SampleSize.perArmForMeans(mde, design.standardDeviation(), design.alpha(), design.power());
    }

    private static void checkDecision(DecisionPolicy policy, List<ExperimentProblem> problems) {
        if (policy.promoteAlias() != null) {
            ModelNames.checkAlias(policy.promoteAlias())
                    .ifPresent(p -> problems.add(new ExperimentProblem("decision.promoteAlias", p)));
        }
        if (policy.minUnitsPerVariant() < 2) {
            problems.add(new ExperimentProblem(
                    "decision.minUnitsPerVariant",
                    policy.minUnitsPerVariant() + " is too small; the tests need at least 2 units per variant (100 or"
                            + " more is wise: they are asymptotic)"));
        }
    }

    private static void checkUnit(String unit, List<ExperimentProblem> problems) {
        try {
            // the unit attachment becomes the rule's sticky key: the rule's own check decides
            ModelRouteRule.builder("check").stickyKey(unit).build();
        } catch (InvalidRouteRuleException e) {
            e.problems().forEach(p -> problems.add(new ExperimentProblem("unitAttachment", p.message())));
        }
    }

    private static void checkVariants(List<Variant> variants, List<ExperimentProblem> problems) {
        if (variants.size() < 2) {
            problems.add(new ExperimentProblem(
                    "variants", variants.size() + " variant(s); an experiment compares at least 2"));
        }
        Set<String> names = new HashSet<>();
        Set<String> targets = new HashSet<>();
        int sum = 0;
        for (int i = 0; i < variants.size(); i++) {
            Variant variant = variants.get(i);
            String path = "variants[" + i + "]";
            if (!VARIANT.matcher(variant.name()).matches()) {
                problems.add(new ExperimentProblem(
                        path + ".name",
                        "'" + variant.name() + "' must match " + VARIANT.pattern()
                                + ", e.g. 'control' or 'treatment'"));
            } else if (!names.add(variant.name())) {
                problems.add(new ExperimentProblem(
                        path + ".name", "variant '" + variant.name() + "' is listed twice; name each variant once"));
            }
            Optional<String> badTarget = ModelNames.checkVersion(variant.target());
            if (badTarget.isPresent()) {
                problems.add(new ExperimentProblem(path + ".target", badTarget.get()));
            } else if (!targets.add(variant.target())) {
                problems.add(new ExperimentProblem(
                        path + ".target",
                        "'" + variant.target()
                                + "' is the target of another variant too; each variant needs its own version"));
            }
            if (variant.allocation() < 0 || variant.allocation() > 100) {
                problems.add(new ExperimentProblem(
                        path + ".allocation", variant.allocation() + " is not a percentage; use 0..100"));
            }
            sum += variant.allocation();
        }
        if (!variants.isEmpty() && sum != 100) {
            problems.add(new ExperimentProblem(
                    "variants", "allocations sum to " + sum + ", expected 100; adjust them so they add up to 100"));
        }
    }

    private Optional<Metric> checkMetrics(ExperimentSpec spec, List<ExperimentProblem> problems) {
        Optional<Metric> primary = metrics.find(spec.primaryMetric());
        if (primary.isEmpty()) {
            problems.add(new ExperimentProblem("primaryMetric", unknownMetric(spec.primaryMetric())));
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < spec.guardrailMetrics().size(); i++) {
            String name = spec.guardrailMetrics().get(i);
            String path = "guardrailMetrics[" + i + "]";
            if (metrics.find(name).isEmpty()) {
                problems.add(new ExperimentProblem(path, unknownMetric(name)));
            } else if (name.equals(spec.primaryMetric())) {
                problems.add(new ExperimentProblem(
                        path, "'" + name + "' is the primary metric; a guardrail must be" + " another metric"));
            } else if (!seen.add(name)) {
                problems.add(new ExperimentProblem(path, "'" + name + "' is listed twice"));
            }
        }
        return primary;
    }

    private String unknownMetric(String name) {
        return "metric '" + name + "' does not exist; known metrics: " + metrics.names();
    }

    private static void checkDesign(Design design, MetricKind kind, List<ExperimentProblem> problems) {
        if (!(design.alpha() > 0 && design.alpha() <= 0.5)) {
            problems.add(
                    new ExperimentProblem("design.alpha", design.alpha() + " is not a level; use (0, 0.5], e.g. 0.05"));
        }
        boolean fixed = design.fixedUnitsPerVariant() != null;
        boolean mde = design.minimumDetectableEffect() != null;
        if (fixed == mde) {
            problems.add(new ExperimentProblem(
                    "design",
                    "give either fixedUnitsPerVariant or" + " minimumDetectableEffect (with its baseline), not "
                            + (fixed ? "both" : "neither")));
            return;
        }
        if (fixed) {
            if (design.fixedUnitsPerVariant() < 2) {
                problems.add(new ExperimentProblem(
                        "design.fixedUnitsPerVariant",
                        design.fixedUnitsPerVariant() + " is too small; at least 2 units per variant"));
            }
            return;
        }
        if (!(design.power() > 0 && design.power() < 1)) {
            problems.add(
                    new ExperimentProblem("design.power", design.power() + " is not a power; use (0, 1), e.g. 0.8"));
        }
        double effect = design.minimumDetectableEffect();
        if (!(effect != 0) || !Double.isFinite(effect)) {
            problems.add(new ExperimentProblem(
                    "design.minimumDetectableEffect",
                    effect + " cannot be detected; give a finite difference other than 0, e.g. 0.01"));
            return;
        }
        if (kind == MetricKind.CONVERSION) {
            Double base = design.baselineRate();
            if (base == null || !(base > 0 && base < 1)) {
                problems.add(new ExperimentProblem(
                        "design.baselineRate",
                        "a conversion metric with an MDE needs the"
                                + " control's expected rate in (0, 1), e.g. 0.1; was " + base));
            } else if (!(base + effect > 0 && base + effect < 1)) {
                problems.add(new ExperimentProblem(
                        "design.minimumDetectableEffect",
                        "baseline " + base + " plus " + effect
                                + " is not a rate; the MDE is an absolute difference, e.g. 0.01 for 10 % -> 11 %"));
            }
        } else {
            Double sd = design.standardDeviation();
            if (sd == null || !(sd > 0) || sd.isInfinite()) {
                problems.add(new ExperimentProblem(
                        "design.standardDeviation",
                        "a numeric metric with an MDE needs" + " the per-unit standard deviation, positive; was "
                                + sd));
            }
        }
    }
}
