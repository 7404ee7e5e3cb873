package io.dubboai.monitor.control.spring;

import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** Settings of the model monitoring component ({@code dubbo.ai.monitoring.*}). */
@ConfigurationProperties("dubbo.ai.monitoring")
public class ModelMonitoringProperties {

    /** Whether the monitoring component and its REST API run. */
    private boolean enabled = true;

    /** Dubbo registry where model providers are found and scraped; default: dubbo.registry.address. */
    private @Nullable String registryAddress;

    /** Direct scraping of the providers' /metrics. */
    private final Scrape scrape = new Scrape();

    /** The Prometheus the analysis queries, when one is configured. */
    private final Prometheus prometheus = new Prometheus();

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public @Nullable String getRegistryAddress() {
        return registryAddress;
    }

    public void setRegistryAddress(@Nullable String registryAddress) {
        this.registryAddress = registryAddress;
    }

    public Scrape getScrape() {
        return scrape;
    }

    public Prometheus getPrometheus() {
        return prometheus;
    }

    /** Direct scraping. */
    public static class Scrape {

        /** Time between scrapes of every provider (at least 100ms). */
        private Duration interval = Duration.ofSeconds(5);

        /** Timeout of one provider's scrape (at most the interval). */
        private Duration timeout = Duration.ofSeconds(4);

        /** How long scraped samples are kept in memory: the longest window direct scraping can analyse. */
        private Duration retention = Duration.ofHours(1);

        public Duration getInterval() {
            return interval;
        }

        public void setInterval(Duration interval) {
            this.interval = interval;
        }

        public Duration getTimeout() {
            return timeout;
        }

        public void setTimeout(Duration timeout) {
            this.timeout = timeout;
        }

        public Duration getRetention() {
            return retention;
        }

        public void setRetention(Duration retention) {
            this.retention = retention;
        }
    }

    /** Prometheus. */
    public static class Prometheus {

        /** Base URL of Prometheus' HTTP API, e.g. http://prometheus:9090; empty: analyse the scrapes. */
        private @Nullable String url;

        /** Timeout of one query. */
        private Duration timeout = Duration.ofSeconds(10);

        public @Nullable String getUrl() {
            return url;
        }

        public void setUrl(@Nullable String url) {
            this.url = url;
        }

        public Duration getTimeout() {
            return timeout;
        }

        public void setTimeout(Duration timeout) {
            this.timeout = timeout;
        }
    }
}
