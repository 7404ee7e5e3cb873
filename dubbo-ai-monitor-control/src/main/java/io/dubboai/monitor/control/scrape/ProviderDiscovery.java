package io.dubboai.monitor.control.scrape;

import java.util.List;

/** Where the scraper finds the providers to scrape. */
public interface ProviderDiscovery extends AutoCloseable {

    /** The current targets; never blocks on the network (a discovery keeps its own up-to-date copy). */
    List<ScrapeTarget> targets();

    /** Stops following the registry; idempotent. */
    @Override
    void close();
}
