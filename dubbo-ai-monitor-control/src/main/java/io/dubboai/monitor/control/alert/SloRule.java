package io.dubboai.monitor.control.alert;

import io.dubboai.monitor.metrics.ModelMetricNames;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * A service-level objective of one model version, alerted on by burn rate (see {@link BurnRateWindow}).
 *
 * <ul>
 *   <li>{@link SloMetric#ERROR_RATE}: {@code target} is the share of calls that must succeed, e.g. 0.999 (error
 *       budget 0.001).
 *   <li>{@link SloMetric#LATENCY}: {@code quantile} of the successful calls must be faster than
 *       {@code thresholdSeconds}, e.g. 0.99 and 0.25 ("p99 under 250 ms"); the budget is the share allowed to be
 *       slower (0.01). The threshold must be one of the latency histogram's SLO buckets
 *       ({@link ModelMetricNames#LATENCY_SLO_BUCKETS}), so the share is counted exactly, not interpolated.
 *   <li>{@link SloMetric#THROUGHPUT}: at least {@code minimum} calls per second.
 * </ul>
 *
 * <p>Fields that do not apply to the metric must be absent. Every problem is reported at once, each naming the field,
 * the value and what is allowed.
 *
 * @param id unique name of the rule, lower-case letters, digits and '-', e.g. {@code fraud-v2-errors}
 * @param model the model name
 * @param version the model version
 * @param metric what is watched
 * @param target {@link SloMetric#ERROR_RATE} only: share of good calls, in (0, 1)
 * @param quantile {@link SloMetric#LATENCY} only: in (0, 1)
 * @param thresholdSeconds {@link SloMetric#LATENCY} only: a latency SLO bucket, in seconds
 * @param minimum {@link SloMetric#THROUGHPUT} only: calls per second, greater than 0
 * @param actions names of {@link AlertAction}s to run when the alert fires, e.g. {@code shift-traffic-away}
 * @param description free text shown in notifications, at most 500 characters; may be null
 * @param windows this rule's burn-rate window pairs, at most {@value #MAX_WINDOWS}; empty: the component's default
 *     pairs ({@link AlertingSettings#windows()})
 */
public record SloRule(
        String id,
        String model,
        String version,
        SloMetric metric,
        @Nullable Double target,
        @Nullable Double quantile,
        @Nullable Double thresholdSeconds,
        @Nullable Double minimum,
        List<String> actions,
        @Nullable String description,
        List<BurnRateWindow> windows) {

    /** Window pairs one rule may name. */
    public static final int MAX_WINDOWS = 5;

    private static final String NAME = "[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?";

    /** Validates every field, reporting all problems in one message. */
    public SloRule {
        actions = actions == null ? List.of() : List.copyOf(actions);
        windows = windows == null ? List.of() : List.copyOf(windows);
        List<String> problems =
                problems(id, model, version, metric, target, quantile, thresholdSeconds, minimum, actions, description);
        if (windows.size() > MAX_WINDOWS) {
            problems.add("at most " + MAX_WINDOWS + " burn-rate window pairs, but " + windows.size() + " were given");
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid SLO rule '" + id + "': " + String.join("; ", problems));
        }
    }

    /** The share of bad events the objective allows (1 − target or 1 − quantile); NaN for throughput. */
    public double errorBudget() {
        return switch (metric) {
            case ERROR_RATE -> 1 - target;
            case LATENCY -> 1 - quantile;
            case THROUGHPUT -> Double.NaN;
        };
    }

    /** The objective in words, e.g. {@code error rate at most 0.1%}. */
    public String objective() {
        return switch (metric) {
            case ERROR_RATE ->
                String.format(Locale.ROOT, "error rate at most %s%%", AlertText.number(100 * (1 - target)));
            case LATENCY ->
                String.format(
                        Locale.ROOT,
                        "p%s latency under %s",
                        AlertText.number(100 * quantile),
                        AlertText.duration(Duration.ofMillis(Math.round(thresholdSeconds * 1000))));
            case THROUGHPUT -> String.format(Locale.ROOT, "at least %s calls/s", AlertText.number(minimum));
        };
    }

    private static List<String> problems(
            @Nullable String id,
            @Nullable String model,
            @Nullable String version,
            @Nullable SloMetric metric,
            @Nullable Double target,
            @Nullable Double quantile,
            @Nullable Double thresholdSeconds,
            @Nullable Double minimum,
            List<String> actions,
            @Nullable String description) {
        List<String> problems = new ArrayList<>();
        if (id == null || !id.matches(NAME)) {
            problems.add("id '" + id + "' must be 1 to 63 lower-case letters, digits or '-', e.g. fraud-v2-errors");
        }
        if (model == null || model.isBlank() || model.length() > 200) {
            problems.add("model must be set (at most 200 characters)");
        }
        if (version == null || version.isBlank() || version.length() > 100) {
            problems.add("version must be set (at most 100 characters)");
        }
        if (metric == null) {
            problems.add("metric must be set; known: error_rate, latency, throughput");
            return problems;
        }
        ratio(problems, "target", target, metric == SloMetric.ERROR_RATE, "0.999");
        ratio(problems, "quantile", quantile, metric == SloMetric.LATENCY, "0.99");
        if (metric == SloMetric.LATENCY) {
            if (thresholdSeconds == null) {
                problems.add("thresholdSeconds must be set for latency, e.g. 0.25");
            } else if (ModelMetricNames.LATENCY_SLO_BUCKETS.stream()
                    .noneMatch(bucket -> Math.abs(bucket.toNanos() / 1e9 - thresholdSeconds) < 1e-9)) {
                problems.add("thresholdSeconds " + thresholdSeconds + " is not a latency SLO bucket; use one of "
                        + bucketsInSeconds());
            }
        } else if (thresholdSeconds != null) {
            problems.add("thresholdSeconds applies to latency only, not to " + metric.id());
        }
        if (metric == SloMetric.THROUGHPUT) {
            if (minimum == null || !(minimum > 0) || minimum.isInfinite()) {
                problems.add("minimum must be a number of calls per second > 0 for throughput, but was " + minimum);
            }
        } else if (minimum != null) {
            problems.add("minimum applies to throughput only, not to " + metric.id());
        }
        for (String action : actions) {
            if (action == null || !action.matches(NAME)) {
                problems.add("action '" + action + "' is not a valid action name (lower-case letters, digits, '-')");
            }
        }
        if (actions.stream().distinct().count() != actions.size()) {
            problems.add("actions " + actions + " name one action twice");
        }
        if (description != null && description.length() > 500) {
            problems.add("description must be at most 500 characters, but has " + description.length());
        }
        return problems;
    }

    private static void ratio(List<String> problems, String field, @Nullable Double value, boolean applies, String e) {
        if (!applies) {
            if (value != null) {
                problems.add(field + " does not apply to this metric");
            }
            return;
        }
        if (value == null || !(value > 0 && value < 1)) {
            problems.add(field + " must be between 0 and 1 (exclusive), e.g. " + e + ", but was " + value);
        }
    }

    /** The latency SLO buckets in seconds, for messages. */
    static String bucketsInSeconds() {
        return ModelMetricNames.LATENCY_SLO_BUCKETS.stream()
                .map(bucket -> Double.toString(bucket.toNanos() / 1e9))
                .collect(Collectors.joining(", "));
    }
}
