package io.dubboai.monitor.control;

import io.dubboai.controlplane.component.Component;
import io.dubboai.monitor.control.alert.PrometheusSli;
import io.dubboai.monitor.control.alert.ScrapeSli;
import io.dubboai.monitor.control.alert.SliSource;
import io.dubboai.monitor.control.analysis.AnalysisMetric;
import io.dubboai.monitor.control.analysis.ModelMetricQueries;
import io.dubboai.monitor.control.analysis.VersionAnalysis;
import io.dubboai.monitor.control.prometheus.PrometheusAnalysis;
import io.dubboai.monitor.control.prometheus.PrometheusClient;
import io.dubboai.monitor.control.scrape.DubboRegistryDiscovery;
import io.dubboai.monitor.control.scrape.MetricsScraper;
import io.dubboai.monitor.control.scrape.ProviderDiscovery;
import io.dubboai.monitor.control.scrape.ScrapeAnalysis;
import io.dubboai.monitor.control.scrape.ScrapeTarget;
import io.dubboai.monitor.control.scrape.ScrapedMetrics;
import io.dubboai.monitor.control.scrape.SeriesStore;
import io.dubboai.monitor.control.scrape.TargetStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;
import org.apache.dubbo.common.config.Configuration;
import org.apache.dubbo.rpc.model.ApplicationModel;
import org.jspecify.annotations.Nullable;

/**
 * The monitoring of model versions on the control plane, on every node (it needs no leadership: it only reads).
 * While running it follows the Dubbo registry for model providers, scrapes their QoS {@code /metrics} into memory
 * ({@link MetricsScraper}), answers the analysis API on Prometheus when one is configured and on the scrapes otherwise,
 * and serves per-version time series for charts from the scrapes.
 *
 * <p>Hosted by Spring Boot (a bean of {@code ModelMonitoringAutoConfiguration}, configured from
 * {@code dubbo.ai.monitoring.*}) or by a plain Dubbo application through the {@code Component} SPI (the no-argument
 * constructor, which reads the same keys from Dubbo's configuration at start, the registry address defaulting to
 * {@code dubbo.registry.address}).
 */
public final class ModelMonitoringComponent implements Component {

    /** The component name. */
    public static final String NAME = "model-monitoring";

    private final @Nullable MonitoringSettings configured;
    private final Function<String, ProviderDiscovery> discoveries;
    private final Clock clock;
    private volatile @Nullable Running running;

    private record Running(
            MonitoringSettings settings,
            @Nullable ProviderDiscovery discovery,
            @Nullable MetricsScraper scraper,
            SeriesStore store,
            VersionAnalysis scrapeAnalysis,
            @Nullable VersionAnalysis prometheusAnalysis,
            SliSource sli) {}

    /** For Dubbo's SPI: settings from Dubbo's configuration at start. */
    public ModelMonitoringComponent() {
        this(null, DubboRegistryDiscovery::new, Clock.systemUTC());
    }

    /**
     * @param settings the settings; null: read from Dubbo's configuration at start
     * @param discoveries opens the discovery of a registry address (a {@link DubboRegistryDiscovery} in production)
     * @param clock timestamps scrapes and "now"
     */
    public ModelMonitoringComponent(
            @Nullable MonitoringSettings settings, Function<String, ProviderDiscovery> discoveries, Clock clock) {
        this.configured = settings;
        this.discoveries = discoveries;
        this.clock = clock;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int order() {
        return 0;
    }

    @Override
    public synchronized void start() {
        if (running != null) {
            return;
        }
        MonitoringSettings settings = configured != null ? configured : fromDubboConfiguration();
        int capacity = (int) Math.min(
                1_000_000,
                settings.retention().toMillis() / settings.scrapeInterval().toMillis() + 2);
        SeriesStore store = new SeriesStore(settings.retention().toMillis(), capacity);
        ProviderDiscovery discovery = null;
        MetricsScraper scraper = null;
        if (settings.registryAddress() != null) {
            discovery = discoveries.apply(settings.registryAddress());
            scraper = new MetricsScraper(discovery, store, settings.scrapeInterval(), settings.scrapeTimeout(), clock);
            scraper.start();
        }
        PrometheusClient client = settings.prometheusUrl() == null
                ? null
                : new PrometheusClient(settings.prometheusUrl(), settings.prometheusTimeout());
        VersionAnalysis prometheus = client == null ? null : new PrometheusAnalysis(client, clock);
        SliSource sli = client == null ? new ScrapeSli(store) : new PrometheusSli(client);
        running = new Running(settings, discovery, scraper, store, new ScrapeAnalysis(store, clock), prometheus, sli);
    }

    private static MonitoringSettings fromDubboConfiguration() {
        Configuration config =
                ApplicationModel.defaultModel().modelEnvironment().getConfiguration();
        String registry = config.getString(
                MonitoringSettings.PREFIX + "registry-address", config.getString("dubbo.registry.address"));
        MonitoringSettings defaults = MonitoringSettings.defaults(registry, null);
        return new MonitoringSettings(
                registry,
                duration(config, "scrape.interval", defaults.scrapeInterval()),
                duration(config, "scrape.timeout", defaults.scrapeTimeout()),
                duration(config, "scrape.retention", defaults.retention()),
                config.getString(MonitoringSettings.PREFIX + "prometheus.url"),
                duration(config, "prometheus.timeout", defaults.prometheusTimeout()));
    }

    private static Duration duration(Configuration config, String key, Duration fallback) {
        String text = config.getString(MonitoringSettings.PREFIX + key);
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            return Duration.parse(text.trim());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                    MonitoringSettings.PREFIX + key + " '" + text + "' is not an ISO-8601 duration, e.g. PT5S");
        }
    }

    @Override
    public synchronized void stop() {
        Running current = running;
        running = null;
        if (current == null) {
            return;
        }
        if (current.scraper() != null) {
            current.scraper().close();
        }
        if (current.discovery() != null) {
            current.discovery().close();
        }
    }

    private Running requireRunning() {
        Running current = running;
        if (current == null) {
            throw new IllegalStateException("the model-monitoring component is not running; see /api/v1/ai/status");
        }
        return current;
    }

    /** Whether it runs. */
    public boolean isRunning() {
        return running != null;
    }

    /**
     * The analysis backend: {@code prometheus} or {@code scrape} by name, or (null) Prometheus when configured, else
     * the scrapes.
     */
    public VersionAnalysis analysis(@Nullable String backend) {
        Running current = requireRunning();
        if (backend == null || backend.isBlank()) {
            return current.prometheusAnalysis() != null ? current.prometheusAnalysis() : current.scrapeAnalysis();
        }
        return switch (backend) {
            case PrometheusAnalysis.BACKEND ->
                Optional.ofNullable(current.prometheusAnalysis())
                        .orElseThrow(() -> new IllegalArgumentException("backend 'prometheus' is not configured: set "
                                + MonitoringSettings.PREFIX + "prometheus.url, or use backend 'scrape'"));
            case ScrapeAnalysis.BACKEND -> current.scrapeAnalysis();
            default ->
                throw new IllegalArgumentException("Unknown backend '" + backend + "'; use prometheus or scrape");
        };
    }

    /**
     * Where SLO alerting reads its indicators: Prometheus when configured, else the scrapes.
     *
     * @throws IllegalStateException when the component is not running
     */
    public SliSource sli() {
        return requireRunning().sli();
    }

    /** Every provider being scraped and how it goes. */
    public List<TargetStatus> targets() {
        MetricsScraper scraper = requireRunning().scraper();
        return scraper == null ? List.of() : scraper.targets();
    }

    /**
     * The time series of every version of {@code model} seen in the scrapes, over {@code window} ending now, one
     * point per {@code step} (at least two scrape intervals, at most 1 000 points).
     */
    public List<TimeSeries> series(String model, Duration window, Duration step) {
        Running current = requireRunning();
        Duration minStep = current.settings().scrapeInterval().multipliedBy(2);
        if (step.compareTo(minStep) < 0) {
            throw new IllegalArgumentException(
                    "step must be at least two scrape intervals (" + minStep + "), but was " + step);
        }
        if (window.compareTo(step) < 0 || window.dividedBy(step) > 1000) {
            throw new IllegalArgumentException(
                    "window must hold between 1 and 1000 steps, but was " + window + " with step " + step);
        }
        TreeSet<String> versions = new TreeSet<>();
        current.store()
                .select(
                        key -> key.name().equals(ModelMetricQueries.REQUESTS)
                                && model.equals(key.labels().get(ModelMetricQueries.MODEL)),
                        0,
                        Long.MAX_VALUE)
                .forEach(range -> versions.add(range.key().labels().get(ModelMetricQueries.VERSION)));
        ScrapedMetrics metrics = new ScrapedMetrics(current.store());
        long end = clock.millis();
        long stepMs = step.toMillis();
        long first = end - window.toMillis() + stepMs;
        List<TimeSeries> all = new ArrayList<>();
        for (String version : versions) {
            List<TimeSeries.Point> points = new ArrayList<>();
            for (long t = first; t <= end; t += stepMs) {
                long from = t - stepMs;
                points.add(new TimeSeries.Point(
                        Instant.ofEpochMilli(t),
                        finite(metrics.value(AnalysisMetric.THROUGHPUT, model, version, from, t)),
                        finite(metrics.value(AnalysisMetric.ERROR_RATE, model, version, from, t)),
                        finite(metrics.value(AnalysisMetric.LATENCY_P50, model, version, from, t)),
                        finite(metrics.value(AnalysisMetric.LATENCY_P99, model, version, from, t)),
                        finite(metrics.meanBatchSize(model, version, from, t))));
            }
            all.add(new TimeSeries(model, version, points));
        }
        return all;
    }

    /** The targets the discovery knows now (for tests and status). */
    public List<ScrapeTarget> discovered() {
        ProviderDiscovery discovery = requireRunning().discovery();
        return discovery == null ? List.of() : discovery.targets();
    }

    private static @Nullable Double finite(double value) {
        return Double.isFinite(value) ? value : null;
    }
}
