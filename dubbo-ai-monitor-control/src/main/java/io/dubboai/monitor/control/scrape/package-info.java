/**
 * Direct scraping: finds model providers in the Dubbo registry, scrapes their QoS {@code /metrics}, keeps the samples
 * in memory and evaluates rates and histogram quantiles on them the way Prometheus does.
 */
@NullMarked
package io.dubboai.monitor.control.scrape;

import org.jspecify.annotations.NullMarked;
