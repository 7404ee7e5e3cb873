package io.dubboai.monitor.control;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * The settings of {@link ModelMonitoringComponent}, validated.
 *
 * @param registryAddress the Dubbo registry where providers are found, e.g. {@code zookeeper://127.0.0.1:2181}; null:
 *     no direct scraping
 * @param scrapeInterval between scrapes of every provider, at least 100 ms
 * @param scrapeTimeout of one provider's scrape, at most the interval
 * @param retention how long scraped samples are kept (the longest window direct scraping can analyse)
 * @param prometheusUrl a Prometheus whose HTTP API the analysis queries; null: the analysis uses the scrapes
 * @param prometheusTimeout of one Prometheus query
 */
public record MonitoringSettings(
        @Nullable String registryAddress,
        Duration scrapeInterval,
        Duration scrapeTimeout,
        Duration retention,
        @Nullable String prometheusUrl,
        Duration prometheusTimeout) {

    /** Key prefix of the settings (Spring properties and Dubbo configuration alike). */
    public static final String PREFIX = "dubbo.ai.monitoring.";

    /** Validates. */
    public MonitoringSettings {
        if (scrapeInterval.toMillis() < 100) {
            throw new IllegalArgumentException(
                    PREFIX + "scrape.interval must be at least 100ms, but was " + scrapeInterval);
        }
        if (scrapeTimeout.isNegative() || scrapeTimeout.isZero() || scrapeTimeout.compareTo(scrapeInterval) > 0) {
            throw new IllegalArgumentException(PREFIX + "scrape.timeout must be positive and at most scrape.interval ("
                    + scrapeInterval + "), but was " + scrapeTimeout);
        }
        if (retention.compareTo(scrapeInterval.multipliedBy(2)) < 0 || retention.compareTo(Duration.ofDays(1)) > 0) {
            throw new IllegalArgumentException(PREFIX + "scrape.retention must be between two scrape intervals and"
                    + " 1 day, but was " + retention);
        }
        if (prometheusTimeout.isNegative() || prometheusTimeout.isZero()) {
            throw new IllegalArgumentException(
                    PREFIX + "prometheus.timeout must be positive, but was " + prometheusTimeout);
        }
        if (registryAddress != null && registryAddress.isBlank()) {
            registryAddress = null;
        }
        if (prometheusUrl != null && prometheusUrl.isBlank()) {
            prometheusUrl = null;
        }
    }

    /** Defaults: scrape every 5 s with a 4 s timeout, keep 1 h, Prometheus queries time out after 10 s. */
    public static MonitoringSettings defaults(@Nullable String registryAddress, @Nullable String prometheusUrl) {
        return new MonitoringSettings(
                registryAddress,
                Duration.ofSeconds(5),
                Duration.ofSeconds(4),
                Duration.ofHours(1),
                prometheusUrl,
                Duration.ofSeconds(10));
    }
}
