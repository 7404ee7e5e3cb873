package io.dubboai.monitor.control.analysis;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The answer to an {@link AnalysisRequest}.
 *
 * @param model the model
 * @param baseline the baseline version
 * @param candidate the candidate version
 * @param window the window
 * @param at the end of the window actually used
 * @param backend {@code prometheus} or {@code scrape}
 * @param verdict the overall outcome
 * @param metrics one result per requested metric, in request order
 */
public record AnalysisResult(
        String model,
        String baseline,
        String candidate,
        Duration window,
        Instant at,
        String backend,
        Verdict verdict,
        List<MetricResult> metrics) {

    /** Copies the list. */
    public AnalysisResult {
        metrics = List.copyOf(metrics);
    }

    /** The verdict of {@code results}: FAIL if any failed, else INCONCLUSIVE if any could not be judged, else PASS. */
    public static Verdict verdictOf(List<MetricResult> results) {
        if (results.stream().anyMatch(r -> r.status() == MetricStatus.FAIL)) {
            return Verdict.FAIL;
        }
        if (results.stream().anyMatch(r -> r.status() == MetricStatus.NO_DATA || r.status() == MetricStatus.ERROR)) {
            return Verdict.INCONCLUSIVE;
        }
        return Verdict.PASS;
    }
}
