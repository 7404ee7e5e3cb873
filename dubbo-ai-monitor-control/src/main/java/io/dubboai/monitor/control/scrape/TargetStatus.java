package io.dubboai.monitor.control.scrape;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * How scraping one provider goes.
 *
 * @param target the provider
 * @param health {@code up}, {@code down} (last scrape failed) or {@code unknown} (not scraped yet)
 * @param lastScrape when it was last scraped, null if never
 * @param lastError why the last scrape failed, null if it did not
 * @param samples samples kept from the last successful scrape
 */
public record TargetStatus(
        ScrapeTarget target,
        String health,
        @Nullable Instant lastScrape,
        @Nullable String lastError,
        int samples) {}
