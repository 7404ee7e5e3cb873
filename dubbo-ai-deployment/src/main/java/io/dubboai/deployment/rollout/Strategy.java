package io.dubboai.deployment.rollout;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * How traffic moves from the version at 100 % (the baseline) to the new one (the candidate).
 *
 * <ul>
 *   <li>{@code rolling}: replace in place: the candidate takes 100 % once it is ready, the baseline is removed.
 *   <li>{@code blue-green}: bring the candidate up fully, switch all traffic at once, keep the baseline running for
 *       {@code keepBaselineFor} so a rollback is instant.
 *   <li>{@code canary}: move through {@code steps} (candidate's share in percent, the last one 100), each held for
 *       {@code stepInterval}; the {@code gates} are checked every {@code analysisEvery} during a step, over the last
 *       {@code analysisWindow}; a failed gate rolls back at once.
 * </ul>
 * A canary may begin with a {@code shadow} step: the baseline keeps all traffic and answers every call, while the
 * router mirrors {@code shadow.percent} of the calls to the candidate and discards its answers; the gates judge the
 * candidate on those mirrored calls for {@code shadow.interval} before any caller sees it.
 * Gates are checked during canary steps below 100 % only, where both versions take traffic; {@code rolling} and
 * {@code blue-green} switch at once (gates after the switch are planned). Durations are ISO-8601 in JSON
 * ({@code "PT30S"}).
 *
 * @param type {@code rolling}, {@code blue-green} or {@code canary}
 * @param steps the candidate's share per step, 1..100, increasing, ending at 100 (canary only; default 5, 25, 50, 100)
 * @param stepInterval how long each step holds before the next; default 1 minute
 * @param gates what must hold of the candidate compared with the baseline; none: steps advance on time alone
 * @param analysisWindow the window each check looks back over, at least 10 s; default: the step interval, at least
 *     10 s
 * @param analysisEvery how often the gates are checked during a step; default: once, at the end of the step
 * @param maxInconclusive checks in a row without data (no calls, metrics not scraped) at a step's end before the
 *     rollout rolls back; default 3
 * @param keepBaselineFor how long the baseline keeps running after the switch (blue-green); default 10 minutes
 * @param shadow a shadow step before the weighted steps (canary only), or null for none
 */
public record Strategy(
        @Nullable String type,
        @Nullable List<Integer> steps,
        @Nullable Duration stepInterval,
        @Nullable List<Gate> gates,
        @Nullable Duration analysisWindow,
        @Nullable Duration analysisEvery,
        @Nullable Integer maxInconclusive,
        @Nullable Duration keepBaselineFor,
        @Nullable Shadow shadow) {

    /** Canary steps when none are given. */
    public static final List<Integer> DEFAULT_STEPS = List.of(5, 25, 50, 100);

    /** Step interval when none is given. */
    public static final Duration DEFAULT_STEP_INTERVAL = Duration.ofMinutes(1);

    /** Shortest analysis window (the analysis API's minimum). */
    public static final Duration MIN_WINDOW = Duration.ofSeconds(10);

    /** How long blue-green keeps the baseline when not told. */
    public static final Duration DEFAULT_KEEP_BASELINE = Duration.ofMinutes(10);

    /** Inconclusive checks in a row at a step's end before rolling back, when not told. */
    public static final int DEFAULT_MAX_INCONCLUSIVE = 3;

    /** Most canary steps. */
    public static final int MAX_STEPS = 20;

    public Strategy {
        steps = steps == null ? null : List.copyOf(steps);
        gates = gates == null ? List.of() : List.copyOf(gates);
    }

    /** A strategy without a shadow step. */
    public Strategy(
            @Nullable String type,
            @Nullable List<Integer> steps,
            @Nullable Duration stepInterval,
            @Nullable List<Gate> gates,
            @Nullable Duration analysisWindow,
            @Nullable Duration analysisEvery,
            @Nullable Integer maxInconclusive,
            @Nullable Duration keepBaselineFor) {
        this(type, steps, stepInterval, gates, analysisWindow, analysisEvery, maxInconclusive, keepBaselineFor, null);
    }

    /** This strategy with a shadow step of {@code percent} % held for {@code interval} (null: the step interval). */
    public Strategy withShadow(double percent, @Nullable Duration interval) {
        return new Strategy(
                type,
                steps,
                stepInterval,
                gates,
                analysisWindow,
                analysisEvery,
                maxInconclusive,
                keepBaselineFor,
                new Shadow(percent, interval));
    }

    /** A canary with every default. */
    public static Strategy canaryDefaults() {
        return new Strategy(Type.CANARY.wireName(), null, null, null, null, null, null, null);
    }

    /** The type, if it is a known one. */
    public Optional<Type> parsedType() {
        return Type.fromWireName(type == null ? Type.CANARY.wireName() : type);
    }

    /** This strategy with every omitted field at its default (call after validation). */
    public Strategy withDefaults() {
        Type kind = parsedType().orElse(Type.CANARY);
        List<Integer> walk = kind == Type.CANARY ? (steps == null ? DEFAULT_STEPS : steps) : List.of(100);
        Duration interval = stepInterval == null ? DEFAULT_STEP_INTERVAL : stepInterval;
        Duration window =
                analysisWindow != null ? analysisWindow : (interval.compareTo(MIN_WINDOW) < 0 ? MIN_WINDOW : interval);
        return new Strategy(
                kind.wireName(),
                walk,
                interval,
                gates,
                window,
                analysisEvery == null ? interval : analysisEvery,
                maxInconclusive == null ? DEFAULT_MAX_INCONCLUSIVE : maxInconclusive,
                keepBaselineFor == null
                        ? (kind == Type.BLUE_GREEN ? DEFAULT_KEEP_BASELINE : Duration.ZERO)
                        : keepBaselineFor,
                shadow == null || kind != Type.CANARY
                        ? null
                        : new Shadow(shadow.percent(), shadow.interval() == null ? interval : shadow.interval()));
    }

    /** The strategies. */
    public enum Type {
        /** Replace in place. */
        ROLLING,
        /** Switch all at once, keep the old version for a while. */
        BLUE_GREEN,
        /** Move traffic step by step behind analysis gates. */
        CANARY;

        /** The JSON name: {@code rolling}, {@code blue-green}, {@code canary}. */
        public String wireName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        /** The type named {@code value}, or empty. */
        public static Optional<Type> fromWireName(String value) {
            for (Type type : values()) {
                if (type.wireName().equals(value)) {
                    return Optional.of(type);
                }
            }
            return Optional.empty();
        }
    }

    /**
     * One gate: a metric of the analysis API and how much worse than the baseline the candidate may be.
     *
     * @param metric an analysis metric: {@code error_rate}, {@code latency_p50}, {@code latency_p90},
     *     {@code latency_p95}, {@code latency_p99}, {@code throughput} or {@code custom}
     * @param maxDegradation largest allowed degradation in the metric's unit (e.g. 0.01: one point of error rate)
     * @param maxRelativeDegradation largest allowed degradation as a share of the baseline (0.2: 20 %)
     * @param query the PromQL of a {@code custom} metric ({@code $model}, {@code $version}, {@code $window})
     * @param higherIsWorse for a custom metric; default true
     */
    public record Gate(
            @Nullable String metric,
            @Nullable Double maxDegradation,
            @Nullable Double maxRelativeDegradation,
            @Nullable String query,
            @Nullable Boolean higherIsWorse) {}

    /**
     * The shadow step of a canary: the candidate gets a copy of {@code percent} % of the calls, whose answers the
     * router discards (callers see only the baseline's), for {@code interval}; the gates compare the candidate's
     * metrics on those mirrored calls with the baseline's. It runs before the first weighted step and only when the
     * model has a baseline (a model's first version has nothing to mirror).
     *
     * @param percent share of the calls mirrored to the candidate, in percent: greater than 0, at most 100 (decimals
     *     allowed: 0.5 mirrors one call in two hundred)
     * @param interval how long the shadow step holds; default: the strategy's step interval
     */
    public record Shadow(@Nullable Double percent, @Nullable Duration interval) {}
}
