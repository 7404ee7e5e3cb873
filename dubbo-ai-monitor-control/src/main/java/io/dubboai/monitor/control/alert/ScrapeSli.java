package io.dubboai.monitor.control.alert;

import io.dubboai.monitor.control.analysis.AnalysisMetric;
import io.dubboai.monitor.control.scrape.ScrapedMetrics;
import io.dubboai.monitor.control.scrape.SeriesStore;
import java.time.Duration;
import java.time.Instant;

/**
 * Indicators computed on the component's own scrapes (Prometheus' arithmetic, see {@link ScrapedMetrics}). Windows
 * longer than the scrape retention cannot be answered: {@link #maxWindow()} says how long they may be.
 */
public final class ScrapeSli implements SliSource {

    private final SeriesStore store;
    private final ScrapedMetrics metrics;

    /** @param store the scraped samples */
    public ScrapeSli(SeriesStore store) {
        this.store = store;
        this.metrics = new ScrapedMetrics(store);
    }

    @Override
    public double value(SloRule rule, Duration window, Instant at) {
        if (window.compareTo(maxWindow()) > 0) {
            throw new IllegalStateException("window " + window + " is longer than the scrape retention " + maxWindow()
                    + "; raise dubbo.ai.monitoring.scrape.retention or configure Prometheus");
        }
        long end = at.toEpochMilli();
        long start = end - window.toMillis();
        return switch (rule.metric()) {
            case ERROR_RATE -> metrics.value(AnalysisMetric.ERROR_RATE, rule.model(), rule.version(), start, end);
            case THROUGHPUT -> metrics.value(AnalysisMetric.THROUGHPUT, rule.model(), rule.version(), start, end);
            case LATENCY -> metrics.shareSlowerThan(rule.thresholdSeconds(), rule.model(), rule.version(), start, end);
        };
    }

    /** The longest window the scrapes hold. */
    @Override
    public Duration maxWindow() {
        return Duration.ofMillis(store.retentionMs());
    }

    @Override
    public String describe() {
        return "scrape";
    }
}
