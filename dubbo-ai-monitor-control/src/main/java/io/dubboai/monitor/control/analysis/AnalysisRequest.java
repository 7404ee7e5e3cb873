package io.dubboai.monitor.control.analysis;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * "Compare version {@code candidate} of {@code model} with version {@code baseline} over the {@code window} that ends
 * at {@code at} on {@code metrics}."
 *
 * @param model the registered model name
 * @param baseline the version compared against (A), e.g. the stable one
 * @param candidate the version judged (B), e.g. the canary
 * @param window how far back from {@code at}: 10 s .. 30 days
 * @param metrics at least one, each metric at most once (custom ones may repeat)
 * @param at the end of the window; null: now
 */
public record AnalysisRequest(
        String model,
        String baseline,
        String candidate,
        Duration window,
        List<MetricCheck> metrics,
        @Nullable Instant at) {

    /** Smallest window: two scrapes at the default 5 s interval fit in it. */
    public static final Duration MIN_WINDOW = Duration.ofSeconds(10);

    /** Largest window. */
    public static final Duration MAX_WINDOW = Duration.ofDays(30);

    /** Validates every field; messages name the field, the value and what is allowed. */
    public AnalysisRequest {
        requireName("model", model);
        requireName("baseline", baseline);
        requireName("candidate", candidate);
        if (window == null || window.compareTo(MIN_WINDOW) < 0 || window.compareTo(MAX_WINDOW) > 0) {
            throw new IllegalArgumentException(
                    "window must be between " + MIN_WINDOW + " and " + MAX_WINDOW + ", but was " + window);
        }
        if (metrics == null || metrics.isEmpty()) {
            throw new IllegalArgumentException(
                    "metrics must name at least one metric, e.g. error_rate, latency_p99, throughput");
        }
        metrics = List.copyOf(metrics);
        Set<AnalysisMetric> seen = new HashSet<>();
        for (MetricCheck check : metrics) {
            if (check.metric() != AnalysisMetric.CUSTOM && !seen.add(check.metric())) {
                throw new IllegalArgumentException(
                        "metric '" + check.metric().id() + "' is listed twice; list each metric once");
            }
        }
    }

    private static void requireName(String field, @Nullable String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " is required");
        }
        if (value.length() > 256 || value.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new IllegalArgumentException(
                    field + " must be at most 256 characters without control characters, but was '" + value + "'");
        }
    }
}
