package io.dubboai.monitor.control.scrape;

import io.dubboai.monitor.control.analysis.AnalysisMetric;
import io.dubboai.monitor.control.analysis.AnalysisRequest;
import io.dubboai.monitor.control.analysis.AnalysisResult;
import io.dubboai.monitor.control.analysis.Judge;
import io.dubboai.monitor.control.analysis.MetricCheck;
import io.dubboai.monitor.control.analysis.MetricResult;
import io.dubboai.monitor.control.analysis.MetricStatus;
import io.dubboai.monitor.control.analysis.VersionAnalysis;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The analysis on the control plane's own scrapes of the providers' {@code /metrics} (embedded mode, no Prometheus):
 * the same metrics as on Prometheus, with Prometheus' rate and quantile arithmetic ({@link PromMath}), over what the
 * {@link MetricsScraper} keeps (its retention bounds the window). Custom PromQL metrics answer
 * {@link MetricStatus#ERROR}: they need Prometheus.
 */
public final class ScrapeAnalysis implements VersionAnalysis {

    /** This backend's name. */
    public static final String BACKEND = "scrape";

    private final SeriesStore store;
    private final ScrapedMetrics metrics;
    private final Clock clock;

    /** @param store the scraped samples; @param clock gives "now" */
    public ScrapeAnalysis(SeriesStore store, Clock clock) {
        this.store = store;
        this.metrics = new ScrapedMetrics(store);
        this.clock = clock;
    }

    @Override
    public String backend() {
        return BACKEND;
    }

    @Override
    public AnalysisResult compare(AnalysisRequest request) {
        Instant at = request.at() == null ? clock.instant() : request.at();
        long end = at.toEpochMilli();
        long start = end - request.window().toMillis();
        List<MetricResult> results = new ArrayList<>();
        for (MetricCheck check : request.metrics()) {
            String description = check.metric().id() + " of " + request.model() + " over the last " + request.window()
                    + " of scraped /metrics";
            if (check.metric() == AnalysisMetric.CUSTOM) {
                results.add(MetricResult.failed(
                        check,
                        MetricStatus.ERROR,
                        "custom PromQL metrics need Prometheus: set dubbo.ai.monitoring.prometheus.url",
                        String.valueOf(check.query())));
                continue;
            }
            if (request.window().toMillis() > store.retentionMs()) {
                results.add(MetricResult.failed(
                        check,
                        MetricStatus.NO_DATA,
                        "direct scraping keeps " + store.retentionMs() / 1000 + " s of samples, less than the window "
                                + request.window() + "; shorten the window or configure Prometheus",
                        description));
                continue;
            }
            double baseline = metrics.value(check.metric(), request.model(), request.baseline(), start, end);
            double candidate = metrics.value(check.metric(), request.model(), request.candidate(), start, end);
            results.add(Judge.judge(check, baseline, candidate, description));
        }
        return new AnalysisResult(
                request.model(),
                request.baseline(),
                request.candidate(),
                request.window(),
                at,
                BACKEND,
                AnalysisResult.verdictOf(results),
                results);
    }
}
