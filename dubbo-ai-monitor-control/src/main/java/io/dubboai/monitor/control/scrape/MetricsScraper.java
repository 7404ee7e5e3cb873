package io.dubboai.monitor.control.scrape;

import io.dubboai.monitor.control.analysis.ModelMetricQueries;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scrapes every discovered provider's {@code /metrics} every {@code interval} (all providers at once, each with a
 * timeout) into a {@link SeriesStore}. It keeps only the model meters the analysis and the charts read (requests,
 * latency buckets, batch sizes), and of each provider only the series of the model and version it registered: Dubbo
 * 3.3 serves one meter registry per JVM, so a JVM with two providers shows both on each {@code /metrics}, and
 * without this filter each would be counted twice.
 *
 * <p>A failed scrape marks the target {@code down} with the reason ({@link #targets()}); nothing is thrown. Threads:
 * one daemon scheduler; the HTTP client's own executor for the requests.
 */
public final class MetricsScraper implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MetricsScraper.class);

    private static final Set<String> KEPT = Set.of(
            ModelMetricQueries.REQUESTS,
            ModelMetricQueries.LATENCY_BUCKET,
            ModelMetricQueries.BATCH_SIZE_SUM,
            ModelMetricQueries.BATCH_SIZE_COUNT);

    private final ProviderDiscovery discovery;
    private final SeriesStore store;
    private final Duration interval;
    private final Duration timeout;
    private final Clock clock;
    private final HttpClient http;
    private final Map<ScrapeTarget, TargetStatus> status = new ConcurrentHashMap<>();
    private @Nullable ScheduledExecutorService scheduler;

    /**
     * @param discovery where the providers are
     * @param store where samples go
     * @param interval between scrapes (e.g. 5 s)
     * @param timeout of one provider's scrape; less than the interval
     * @param clock timestamps the samples
     */
    public MetricsScraper(
            ProviderDiscovery discovery, SeriesStore store, Duration interval, Duration timeout, Clock clock) {
        if (interval.toMillis() < 100 || timeout.toMillis() < 1 || timeout.compareTo(interval) > 0) {
            throw new IllegalArgumentException("scrape interval must be at least 100ms and the timeout positive and"
                    + " at most the interval, but were " + interval + " and " + timeout);
        }
        this.discovery = discovery;
        this.store = store;
        this.interval = interval;
        this.timeout = timeout;
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    /** The store the scraper fills. */
    public SeriesStore store() {
        return store;
    }

    /** The scrape interval. */
    public Duration interval() {
        return interval;
    }

    /** Starts scraping on a daemon thread; idempotent. */
    public synchronized void start() {
        if (scheduler != null) {
            return;
        }
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "dubbo-ai-metrics-scraper");
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(this::scrapeSafely, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        scheduler = executor;
    }

    private void scrapeSafely() {
        try {
            scrapeOnce();
        } catch (RuntimeException e) {
            log.warn("Scraping model providers failed: {}", e.toString(), e);
        }
    }

    /** Scrapes every current target once and waits for all of them (tests call it directly). */
    public void scrapeOnce() {
        List<ScrapeTarget> targets = discovery.targets();
        List<CompletableFuture<Void>> pending = new ArrayList<>();
        for (ScrapeTarget target : targets) {
            HttpRequest request = HttpRequest.newBuilder(target.metricsUri())
                    .timeout(timeout)
                    .GET()
                    .build();
            pending.add(http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                    .handle((response, error) -> {
                        record(target, response, error);
                        return null;
                    }));
        }
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).join();
        status.keySet().retainAll(targets);
        store.prune(clock.millis());
    }

    private void record(ScrapeTarget target, @Nullable HttpResponse<String> response, @Nullable Throwable error) {
        Instant now = clock.instant();
        if (error != null || response == null || response.statusCode() != 200) {
            String reason = error != null
                    ? error.getClass().getSimpleName() + (error.getMessage() == null ? "" : ": " + error.getMessage())
                    : "HTTP " + (response == null ? "?" : response.statusCode());
            status.put(target, new TargetStatus(target, "down", now, reason, 0));
            return;
        }
        int kept = 0;
        long time = now.toEpochMilli();
        for (Exposition.Sample sample : Exposition.parse(response.body(), KEPT::contains)) {
            Map<String, String> labels = sample.labels();
            if (!target.model().equals(labels.get(ModelMetricQueries.MODEL))
                    || !target.version().equals(labels.get(ModelMetricQueries.VERSION))) {
                continue;
            }
            Map<String, String> copy = new LinkedHashMap<>(labels);
            copy.put("instance", target.instance());
            store.add(new SeriesStore.SeriesKey(target.instance(), sample.name(), copy), time, sample.value());
            kept++;
        }
        status.put(target, new TargetStatus(target, "up", now, null, kept));
    }

    /** Every target the discovery knows, with how its scraping goes. */
    public List<TargetStatus> targets() {
        List<TargetStatus> all = new ArrayList<>();
        for (ScrapeTarget target : discovery.targets()) {
            all.add(status.getOrDefault(target, new TargetStatus(target, "unknown", null, null, 0)));
        }
        return all;
    }

    /** Stops scraping; idempotent. Does not close the discovery. */
    @Override
    public synchronized void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
    }
}
