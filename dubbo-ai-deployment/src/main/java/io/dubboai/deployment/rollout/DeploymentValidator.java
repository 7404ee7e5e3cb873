package io.dubboai.deployment.rollout;

import io.dubboai.core.model.ModelNames;
import io.dubboai.monitor.control.analysis.AnalysisMetric;
import io.dubboai.monitor.control.analysis.MetricCheck;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Checks a {@link DeploymentSpec} field by field and lists every problem with its path and what to do; the checks
 * that need the registry, the route rule, the executor or the claims are {@link DeploymentService}'s.
 */
final class DeploymentValidator {

    private static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final Pattern QUANTITY = Pattern.compile("[0-9]+(\\.[0-9]+)?(m|k|M|G|T|Ki|Mi|Gi|Ti)?");
    private static final Set<String> OPERATORS = Set.of("Equal", "Exists");
    private static final Set<String> EFFECTS = Set.of("NoSchedule", "PreferNoSchedule", "NoExecute");
    private static final Duration MAX_INTERVAL = Duration.ofDays(7);

    private DeploymentValidator() {}

    /** Every problem of {@code spec}; empty when it is valid. */
    static List<DeploymentProblem> check(DeploymentSpec spec) {
        List<DeploymentProblem> problems = new ArrayList<>();
        if (spec.name() == null || !NAME.matcher(spec.name()).matches()) {
            problems.add(new DeploymentProblem(
                    "name",
                    (spec.name() == null ? "is required" : "'" + ModelNames.abbreviate(spec.name()) + "' is not valid")
                            + "; use lower-case letters, digits and '-', at most 63, starting and ending with a letter"
                            + " or digit, e.g. 'risk-v2'"));
        }
        if (spec.model() == null) {
            problems.add(new DeploymentProblem("model", "is required; name a registered model"));
        } else {
            ModelNames.checkModelName(spec.model()).ifPresent(p -> problems.add(new DeploymentProblem("model", p)));
        }
        if (spec.version() == null || spec.version().isBlank()) {
            problems.add(new DeploymentProblem("version", "is required; give a version number or an alias"));
        }
        if (spec.replicas() != null && (spec.replicas() < 1 || spec.replicas() > DeploymentSpec.MAX_REPLICAS)) {
            problems.add(new DeploymentProblem(
                    "replicas", spec.replicas() + " is out of range; replicas are 1.." + DeploymentSpec.MAX_REPLICAS));
        }
        checkAutoscaling(spec.autoscaling(), problems);
        checkResources(spec.resources(), problems);
        List<DeploymentSpec.Toleration> tolerations = spec.tolerations() == null ? List.of() : spec.tolerations();
        for (int i = 0; i < tolerations.size(); i++) {
            checkToleration("tolerations[" + i + "]", tolerations.get(i), problems);
        }
        DeploymentSpec.Batching batching = spec.batching();
        if (batching != null) {
            if (batching.maxBatchSize() != null && (batching.maxBatchSize() < 1 || batching.maxBatchSize() > 4096)) {
                problems.add(new DeploymentProblem(
                        "batching.maxBatchSize", batching.maxBatchSize() + " is out of range; use 1..4096"));
            }
            if (batching.maxDelayMillis() != null
                    && (batching.maxDelayMillis() < 0 || batching.maxDelayMillis() > 1000)) {
                problems.add(new DeploymentProblem(
                        "batching.maxDelayMillis", batching.maxDelayMillis() + " is out of range; use 0..1000 ms"));
            }
        }
        if (spec.strategy() != null) {
            checkStrategy(spec.strategy(), problems);
        }
        return problems;
    }

    private static void checkAutoscaling(
            DeploymentSpec.@Nullable Autoscaling autoscaling, List<DeploymentProblem> problems) {
        if (autoscaling == null) {
            return;
        }
        Integer min = autoscaling.minReplicas();
        Integer max = autoscaling.maxReplicas();
        if (min == null || min < 1) {
            problems.add(new DeploymentProblem(
                    "autoscaling.minReplicas",
                    (min == null ? "is required" : min + " is below 1") + "; use 1 or more"));
        }
        if (max == null || (min != null && max < min) || max > DeploymentSpec.MAX_REPLICAS) {
            problems.add(new DeploymentProblem(
                    "autoscaling.maxReplicas",
                    (max == null ? "is required" : max + " is out of range") + "; use minReplicas.."
                            + DeploymentSpec.MAX_REPLICAS));
        }
        Integer cpu = autoscaling.targetCpuPercent();
        if (cpu != null && (cpu < 1 || cpu > 100)) {
            problems.add(new DeploymentProblem(
                    "autoscaling.targetCpuPercent", cpu + " is out of range; use 1..100 (percent of the CPU request)"));
        }
    }

    private static void checkResources(DeploymentSpec.@Nullable Resources resources, List<DeploymentProblem> problems) {
        if (resources == null) {
            return;
        }
        for (String[] quantity : new String[][] {{"cpu", resources.cpu()}, {"memory", resources.memory()}}) {
            if (quantity[1] != null && !QUANTITY.matcher(quantity[1]).matches()) {
                problems.add(new DeploymentProblem(
                        "resources." + quantity[0],
                        "'" + ModelNames.abbreviate(quantity[1]) + "' is not a Kubernetes quantity; e.g. '2', '500m',"
                                + " '4Gi'"));
            }
        }
        if (resources.gpu() != null && (resources.gpu() < 0 || resources.gpu() > 16)) {
            problems.add(new DeploymentProblem(
                    "resources.gpu", resources.gpu() + " is out of range; nvidia.com/gpu per replica is 0..16"));
        }
        if (resources.gpuMemoryMib() != null && resources.gpuMemoryMib() < 0) {
            problems.add(new DeploymentProblem(
                    "resources.gpuMemoryMib", resources.gpuMemoryMib() + " is negative; give MiB, 0 for any"));
        }
        if ((resources.gpuType() != null || resources.gpuMemory() > 0) && resources.gpuCount() == 0) {
            problems.add(new DeploymentProblem(
                    "resources.gpu", "gpuType or gpuMemoryMib is set but gpu is 0; ask for at least 1 GPU"));
        }
    }

    private static void checkToleration(
            String path, DeploymentSpec.Toleration toleration, List<DeploymentProblem> problems) {
        String operator = toleration.operator() == null ? "Equal" : toleration.operator();
        if (!OPERATORS.contains(operator)) {
            problems.add(new DeploymentProblem(path + ".operator", "'" + operator + "' is not Equal or Exists"));
        }
        if (toleration.effect() != null && !EFFECTS.contains(toleration.effect())) {
            problems.add(new DeploymentProblem(
                    path + ".effect", "'" + toleration.effect() + "' is not one of " + EFFECTS + " (or leave it out)"));
        }
        if (operator.equals("Exists") && toleration.value() != null) {
            problems.add(new DeploymentProblem(path + ".value", "operator Exists takes no value; remove it"));
        }
        if (operator.equals("Equal") && toleration.key() == null) {
            problems.add(new DeploymentProblem(path + ".key", "operator Equal needs a key"));
        }
    }

    private static void checkStrategy(Strategy strategy, List<DeploymentProblem> problems) {
        if (strategy.parsedType().isEmpty()) {
            problems.add(new DeploymentProblem(
                    "strategy.type", "'" + strategy.type() + "' is not a strategy; use rolling, blue-green or canary"));
            return;
        }
        Strategy.Type type = strategy.parsedType().get();
        List<Integer> steps = strategy.steps();
        if (steps != null) {
            if (type != Strategy.Type.CANARY) {
                problems.add(new DeploymentProblem(
                        "strategy.steps", "only a canary has steps; remove them or use type canary"));
            } else if (steps.isEmpty() || steps.size() > Strategy.MAX_STEPS) {
                problems.add(new DeploymentProblem(
                        "strategy.steps",
                        "give 1.." + Strategy.MAX_STEPS + " steps ending at 100, e.g. [5, 25, 50, 100]"));
            } else {
                for (int i = 0; i < steps.size(); i++) {
                    Integer weight = steps.get(i);
                    String path = "strategy.steps[" + i + "]";
                    if (weight == null || weight < 1 || weight > 100) {
                        problems.add(new DeploymentProblem(
                                path, weight + " is out of range; a step's weight is 1..100 (percent of the calls)"));
                    } else if (i > 0 && steps.get(i - 1) != null && weight <= steps.get(i - 1)) {
                        problems.add(new DeploymentProblem(
                                path,
                                weight + " is not above the step before (" + steps.get(i - 1) + "); steps increase"));
                    }
                }
                Integer last = steps.get(steps.size() - 1);
                if (last == null || last != 100) {
                    problems.add(new DeploymentProblem(
                            "strategy.steps[" + (steps.size() - 1) + "]",
                            "the last step is " + last + "; it must be 100 (the candidate takes all traffic)"));
                }
            }
        }
        checkDuration("strategy.stepInterval", strategy.stepInterval(), Duration.ZERO, problems);
        checkDuration("strategy.analysisWindow", strategy.analysisWindow(), Strategy.MIN_WINDOW, problems);
        checkDuration("strategy.analysisEvery", strategy.analysisEvery(), Duration.ofMillis(100), problems);
        checkDuration("strategy.keepBaselineFor", strategy.keepBaselineFor(), Duration.ZERO, problems);
        checkShadow(type, strategy.shadow(), problems);
        if (strategy.maxInconclusive() != null && strategy.maxInconclusive() < 0) {
            problems.add(new DeploymentProblem(
                    "strategy.maxInconclusive", strategy.maxInconclusive() + " is negative; use 0 or more"));
        }
        List<Strategy.Gate> gates = strategy.gates() == null ? List.of() : strategy.gates();
        for (int i = 0; i < gates.size(); i++) {
            String path = "strategy.gates[" + i + "]";
            try {
                toCheck(gates.get(i));
            } catch (IllegalArgumentException e) {
                problems.add(new DeploymentProblem(path, e.getMessage()));
            }
        }
    }

    private static void checkShadow(
            Strategy.Type type, Strategy.@Nullable Shadow shadow, List<DeploymentProblem> problems) {
        if (shadow == null) {
            return;
        }
        if (type != Strategy.Type.CANARY) {
            problems.add(new DeploymentProblem(
                    "strategy.shadow",
                    "only a canary has a shadow step; remove it or use type canary (" + type.wireName()
                            + " switches all traffic at once)"));
            return;
        }
        Double percent = shadow.percent();
        if (percent == null || !(percent > 0 && percent <= 100)) {
            problems.add(new DeploymentProblem(
                    "strategy.shadow.percent",
                    (percent == null ? "is required" : Rollout.formatPercent(percent) + " is out of range")
                            + "; give the share of calls mirrored to the candidate, greater than 0 and at most 100"
                            + " (e.g. 20)"));
        }
        checkDuration("strategy.shadow.interval", shadow.interval(), Duration.ZERO, problems);
    }

    private static void checkDuration(
            String path, @Nullable Duration value, Duration min, List<DeploymentProblem> problems) {
        if (value != null && (value.compareTo(min) < 0 || value.compareTo(MAX_INTERVAL) > 0)) {
            problems.add(new DeploymentProblem(
                    path, value + " is out of range; use " + min + " to " + MAX_INTERVAL + " (ISO-8601, e.g. PT30S)"));
        }
    }

    /**
     * The analysis check of a gate.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    static MetricCheck toCheck(Strategy.Gate gate) {
        if (gate.metric() == null) {
            throw new IllegalArgumentException("metric is required, e.g. error_rate or latency_p99");
        }
        AnalysisMetric metric = AnalysisMetric.of(gate.metric());
        if (gate.maxDegradation() == null && gate.maxRelativeDegradation() == null) {
            throw new IllegalArgumentException("gate on '" + metric.id()
                    + "' has no threshold; set maxDegradation (in "
                    + (metric.unit().isEmpty() ? "the metric's unit" : metric.unit())
                    + ") or maxRelativeDegradation (a share of the baseline)");
        }
        return new MetricCheck(
                metric,
                gate.maxDegradation(),
                gate.maxRelativeDegradation(),
                gate.query(),
                gate.higherIsWorse() == null || gate.higherIsWorse());
    }
}
