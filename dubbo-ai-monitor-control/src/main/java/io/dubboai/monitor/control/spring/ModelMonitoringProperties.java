package io.dubboai.monitor.control.spring;

import io.dubboai.monitor.control.alert.AlertingSettings;
import io.dubboai.monitor.control.alert.BurnRateWindow;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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

    /** Config-center group of the monitoring documents: SLO rules, alert states, reference profiles. */
    private String group = "dubbo-ai-monitoring";

    /** SLO alerting (leader only). */
    private final Alerting alerting = new Alerting();

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

    public String getGroup() {
        return group;
    }

    public void setGroup(String group) {
        this.group = group;
    }

    public Alerting getAlerting() {
        return alerting;
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

    /** SLO alerting. */
    public static class Alerting {

        /** Whether SLO rules are evaluated and alerted on (needs the config center for its documents). */
        private boolean enabled = true;

        /** Time between evaluation rounds (at least 100ms). */
        private Duration interval = Duration.ofSeconds(30);

        /**
         * Burn-rate window pairs of rules that name none; default: 1h/5m at 14.4 and 6h/30m at 6, both severity
         * page (Google SRE workbook, ch. 5).
         */
        private List<Window> windows = new ArrayList<>(List.of(
                new Window(Duration.ofHours(1), Duration.ofMinutes(5), 14.4, "page"),
                new Window(Duration.ofHours(6), Duration.ofMinutes(30), 6, "page")));

        /** Webhook that gets every notification as a JSON POST; empty: none. */
        private @Nullable URI webhookUrl;

        /** Alertmanager base URL (its v2 API), e.g. http://alertmanager:9093; empty: none. */
        private @Nullable URI alertmanagerUrl;

        /** Timeout of one delivery attempt. */
        private Duration deliveryTimeout = Duration.ofSeconds(5);

        /** Delivery attempts per round (1..10), with exponential back-off between them. */
        private int deliveryAttempts = 3;

        /** Rounds a notification is retried in before it is given up (1..1000). */
        private int deliveryRounds = 20;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public Duration getInterval() {
            return interval;
        }

        public void setInterval(Duration interval) {
            this.interval = interval;
        }

        public List<Window> getWindows() {
            return windows;
        }

        public void setWindows(List<Window> windows) {
            this.windows = windows;
        }

        public @Nullable URI getWebhookUrl() {
            return webhookUrl;
        }

        public void setWebhookUrl(@Nullable URI webhookUrl) {
            this.webhookUrl = webhookUrl;
        }

        public @Nullable URI getAlertmanagerUrl() {
            return alertmanagerUrl;
        }

        public void setAlertmanagerUrl(@Nullable URI alertmanagerUrl) {
            this.alertmanagerUrl = alertmanagerUrl;
        }

        public Duration getDeliveryTimeout() {
            return deliveryTimeout;
        }

        public void setDeliveryTimeout(Duration deliveryTimeout) {
            this.deliveryTimeout = deliveryTimeout;
        }

        public int getDeliveryAttempts() {
            return deliveryAttempts;
        }

        public void setDeliveryAttempts(int deliveryAttempts) {
            this.deliveryAttempts = deliveryAttempts;
        }

        public int getDeliveryRounds() {
            return deliveryRounds;
        }

        public void setDeliveryRounds(int deliveryRounds) {
            this.deliveryRounds = deliveryRounds;
        }

        /** The settings these properties describe, validated. */
        public AlertingSettings toSettings() {
            return new AlertingSettings(
                    interval,
                    windows.stream().map(Window::toPair).toList(),
                    webhookUrl,
                    alertmanagerUrl,
                    deliveryTimeout,
                    deliveryAttempts,
                    AlertingSettings.DEFAULT_BACKOFF,
                    deliveryRounds);
        }
    }

    /** One burn-rate window pair. */
    public static class Window {

        /** The long window, e.g. 1h. */
        private Duration longWindow = Duration.ofHours(1);

        /** The short window, e.g. 5m. */
        private Duration shortWindow = Duration.ofMinutes(5);

        /** The burn rate that fires. */
        private double factor = 14.4;

        /** The severity label of alerts this pair fires. */
        private String severity = "page";

        public Window() {}

        Window(Duration longWindow, Duration shortWindow, double factor, String severity) {
            this.longWindow = longWindow;
            this.shortWindow = shortWindow;
            this.factor = factor;
            this.severity = severity;
        }

        public Duration getLongWindow() {
            return longWindow;
        }

        public void setLongWindow(Duration longWindow) {
            this.longWindow = longWindow;
        }

        public Duration getShortWindow() {
            return shortWindow;
        }

        public void setShortWindow(Duration shortWindow) {
            this.shortWindow = shortWindow;
        }

        public double getFactor() {
            return factor;
        }

        public void setFactor(double factor) {
            this.factor = factor;
        }

        public String getSeverity() {
            return severity;
        }

        public void setSeverity(String severity) {
            this.severity = severity;
        }

        BurnRateWindow toPair() {
            return new BurnRateWindow(longWindow, shortWindow, factor, severity);
        }
    }
}
