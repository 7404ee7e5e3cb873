package io.dubboai.monitor.control.analysis;

/**
 * The analysis API: compares two versions of a model over a time window on a few metrics, with pass/fail against
 * thresholds. Rollout gates and experiment guardrails call it. Two backends: {@code PrometheusAnalysis} (PromQL over
 * Prometheus' HTTP API) and {@code ScrapeAnalysis} (the providers' own {@code /metrics}, scraped by the control
 * plane, for the embedded mode).
 *
 * <p>Contract: {@link #compare} never throws for a backend problem. Prometheus down, a query Prometheus refuses, or a
 * version without traffic come back as metrics with status {@link MetricStatus#ERROR} or {@link MetricStatus#NO_DATA}
 * and an {@link Verdict#INCONCLUSIVE} verdict, with a message saying what is wrong. Invalid requests are refused when
 * the {@link AnalysisRequest} is built. Implementations are thread-safe.
 */
public interface VersionAnalysis {

    /** Compares the request's candidate with its baseline. */
    AnalysisResult compare(AnalysisRequest request);

    /** The backend's name: {@code prometheus} or {@code scrape}. */
    String backend();
}
