package io.dubboai.monitor.control.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import io.dubboai.controlplane.store.FileDocumentStore;
import io.dubboai.controlplane.zookeeper.EmbeddedZooKeeper;
import io.dubboai.monitor.control.ModelProviders;
import io.dubboai.monitor.control.PrometheusServer;
import io.dubboai.monitor.control.alert.AlertingSettings;
import io.dubboai.monitor.control.alert.BurnRateWindow;
import io.dubboai.monitor.control.alert.ModelAlertingComponent;
import io.dubboai.monitor.control.alert.PrometheusSli;
import io.dubboai.monitor.control.alert.ScrapeSli;
import io.dubboai.monitor.control.alert.SliSource;
import io.dubboai.monitor.control.alert.SloMetric;
import io.dubboai.monitor.control.alert.SloRule;
import io.dubboai.monitor.control.alert.WebhookReceiver;
import io.dubboai.monitor.control.prometheus.PrometheusAnalysis;
import io.dubboai.monitor.control.prometheus.PrometheusClient;
import io.dubboai.monitor.control.scrape.DubboRegistryDiscovery;
import io.dubboai.monitor.control.scrape.MetricsScraper;
import io.dubboai.monitor.control.scrape.ScrapeAnalysis;
import io.dubboai.monitor.control.scrape.SeriesStore;
import io.dubboai.monitor.control.scrape.TargetStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The analysis on a real Prometheus and on the control plane's own scrapes agree. Two real {@code ModelServer}s
 * (versions 1 and 2) register in an embedded ZooKeeper; the scraper finds them there; a real Prometheus (Debian's
 * package, started here) scrapes the same {@code /metrics} every second. Traffic: version 1 only succeeds, one call in
 * four to version 2 fails.
 *
 * <p>Tolerance: both backends use Prometheus' arithmetic but sample at different instants, so rates may differ by the
 * extrapolation over part of one scrape interval at each end of the window, and Prometheus extrapolates each histogram
 * bucket's series on its own: throughput within 15 %, error rate within 0.03, p50 and p90 latency within 25 %, p99
 * within a factor of 2 (with about 300 calls per version it rests on the 3 slowest calls, interpolated inside a wide
 * bucket, so a bucket rate off by a few per cent moves it a lot).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AnalysisOnPrometheusAndScrapingTest {

    private static final Duration WINDOW = Duration.ofSeconds(60);
    /** An SLO of version 2: 99 % of calls succeed (version 2 fails one call in four). */
    private static final SloRule V2_ERRORS = new SloRule(
            "v2-errors",
            ModelProviders.MODEL,
            "2",
            SloMetric.ERROR_RATE,
            0.99,
            null,
            null,
            null,
            List.of(),
            null,
            List.of());

    private EmbeddedZooKeeper zooKeeper;
    private ModelProviders providers;
    private DubboRegistryDiscovery discovery;
    private MetricsScraper scraper;
    private PrometheusServer prometheus;
    private Instant trafficEnd;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        PrometheusServer.requireInstalled(PrometheusServer.BINARY);
        zooKeeper = EmbeddedZooKeeper.start(Files.createDirectories(dir.resolve("zk")), 0);
        providers =
                new ModelProviders(Files.createDirectories(dir.resolve("models")), zooKeeper.dubboAddress(), "1", "2");
        // every series exists before the first scrape, so neither backend sees one appear inside the window
        for (int i = 0; i < 2; i++) {
            providers.succeed(0);
            providers.fail(0);
            providers.succeed(1);
            providers.fail(1);
        }
        discovery = new DubboRegistryDiscovery(zooKeeper.dubboAddress());
        await().atMost(Duration.ofSeconds(30)).until(() -> discovery.targets().size() == 2);
        scraper = new MetricsScraper(
                discovery,
                new SeriesStore(Duration.ofMinutes(10).toMillis(), 700),
                Duration.ofSeconds(1),
                Duration.ofMillis(900),
                Clock.systemUTC());
        scraper.start();
        prometheus = PrometheusServer.start(Files.createDirectories(dir.resolve("prometheus")), discovery.targets());
        PrometheusClient client = new PrometheusClient(prometheus.url(), Duration.ofSeconds(10));
        // both backends have scraped every provider before the traffic starts
        await().atMost(Duration.ofSeconds(60)).until(() -> client.query("count(up == 1)", Instant.now()).stream()
                .anyMatch(s -> s.points().get(0).value() == 2));
        await().atMost(Duration.ofSeconds(60))
                .until(() -> scraper.targets().stream().allMatch(t -> "up".equals(t.health())));

        // about 8 s of traffic: version 1 succeeds 4 times per round, version 2 3 times and fails once
        long end = System.nanoTime() + Duration.ofSeconds(8).toNanos();
        while (System.nanoTime() < end) {
            for (int i = 0; i < 4; i++) {
                providers.succeed(0);
            }
            for (int i = 0; i < 3; i++) {
                providers.succeed(1);
            }
            providers.fail(1);
            LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
        }
        trafficEnd = Instant.now();
        // both have scraped the final counts a few times
        Instant settled = trafficEnd.plusSeconds(3);
        await().atMost(Duration.ofSeconds(60))
                .until(() ->
                        client
                                .query("min(timestamp(dubbo_ai_model_requests_total{model=\"fraud\"}))", Instant.now())
                                .stream()
                                .anyMatch(s -> s.points().get(0).time().isAfter(settled)));
        await().atMost(Duration.ofSeconds(60)).until(() -> scraper.targets().stream()
                .allMatch(t -> t.lastScrape() != null && t.lastScrape().isAfter(settled)));
    }

    @AfterAll
    void stop() {
        for (AutoCloseable closeable : new AutoCloseable[] {prometheus, scraper, providers, discovery, zooKeeper}) {
            try {
                if (closeable != null) {
                    closeable.close();
                }
            } catch (Exception e) {
                // keep closing the others
            }
        }
    }

    private static AnalysisRequest request(Instant at, MetricCheck... checks) {
        return new AnalysisRequest(ModelProviders.MODEL, "1", "2", WINDOW, List.of(checks), at);
    }

    @Test
    void compare_onPrometheusAndOnScrapes_agreeWithinTolerance() {
        Instant at = Instant.now();
        AnalysisRequest request = request(
                at,
                MetricCheck.of(AnalysisMetric.ERROR_RATE, 0.05),
                MetricCheck.of(AnalysisMetric.LATENCY_P50, 10.0),
                MetricCheck.of(AnalysisMetric.LATENCY_P90, 10.0),
                MetricCheck.of(AnalysisMetric.LATENCY_P99, 10.0),
                MetricCheck.of(AnalysisMetric.THROUGHPUT, null));
        AnalysisResult onPrometheus = new PrometheusAnalysis(
                        new PrometheusClient(prometheus.url(), Duration.ofSeconds(10)), Clock.systemUTC())
                .compare(request);
        AnalysisResult onScrapes = new ScrapeAnalysis(scraper.store(), Clock.systemUTC()).compare(request);

        for (AnalysisResult result : List.of(onPrometheus, onScrapes)) {
            assertThat(result.metrics())
                    .as("%s", result)
                    .extracting(MetricResult::status)
                    .containsExactly(
                            MetricStatus.FAIL,
                            MetricStatus.PASS,
                            MetricStatus.PASS,
                            MetricStatus.PASS,
                            MetricStatus.REPORTED);
            assertThat(result.verdict()).isEqualTo(Verdict.FAIL);
            MetricResult errorRate = result.metrics().get(0);
            // version 1: 2 failures in its first 4 calls, then none; version 2: one in four throughout
            assertThat(errorRate.candidate()).isBetween(0.2, 0.3);
            assertThat(errorRate.baseline()).isLessThan(0.05);
            assertThat(errorRate.message()).contains("error_rate degraded by");
            assertThat(result.metrics().get(2).candidate()).isPositive();
        }
        // error rate: absolute; p50, p90: relative; p99: a factor of 2 (see the class comment); throughput: relative
        for (int i = 0; i < 5; i++) {
            MetricResult p = onPrometheus.metrics().get(i);
            MetricResult s = onScrapes.metrics().get(i);
            for (double[] pair : new double[][] {{s.baseline(), p.baseline()}, {s.candidate(), p.candidate()}}) {
                String what = s + " vs " + p;
                switch (i) {
                    case 0 -> assertThat(pair[0]).as(what).isCloseTo(pair[1], within(0.03));
                    case 1, 2 -> assertThat(pair[0]).as(what).isCloseTo(pair[1], within(0.25 * pair[1]));
                    case 3 -> assertThat(pair[0]).as(what).isBetween(pair[1] / 2, pair[1] * 2);
                    default -> assertThat(pair[0]).as(what).isCloseTo(pair[1], within(0.15 * pair[1]));
                }
            }
        }
        // throughput: version 1 had 4 calls per round, version 2 also 4 (3 + 1 failed)
        MetricResult throughput = onPrometheus.metrics().get(4);
        assertThat(throughput.candidate()).isCloseTo(throughput.baseline(), within(0.15 * throughput.baseline()));
    }

    /**
     * The SLO indicators the alerting reads ({@link PrometheusSli}, {@link ScrapeSli}) agree as the analysis does;
     * the latency indicator's PromQL names the bucket by the {@code le} text Micrometer writes, so it finds the series.
     */
    @Test
    void sloIndicators_onPrometheusAndOnScrapes_agree() {
        Instant at = Instant.now();
        SliSource onPrometheus = new PrometheusSli(new PrometheusClient(prometheus.url(), Duration.ofSeconds(10)));
        SliSource onScrapes = new ScrapeSli(scraper.store());
        SloRule errors = V2_ERRORS;
        SloRule slow = new SloRule(
                "v2-slow",
                ModelProviders.MODEL,
                "2",
                SloMetric.LATENCY,
                null,
                0.99,
                0.001,
                null,
                List.of(),
                null,
                List.of());
        SloRule busy = new SloRule(
                "v2-busy",
                ModelProviders.MODEL,
                "2",
                SloMetric.THROUGHPUT,
                null,
                null,
                null,
                1.0,
                List.of(),
                null,
                List.of());

        double errorsP = onPrometheus.value(errors, WINDOW, at);
        double errorsS = onScrapes.value(errors, WINDOW, at);
        double slowP = onPrometheus.value(slow, WINDOW, at);
        double slowS = onScrapes.value(slow, WINDOW, at);
        double busyP = onPrometheus.value(busy, WINDOW, at);
        double busyS = onScrapes.value(busy, WINDOW, at);

        assertThat(errorsP).isBetween(0.2, 0.3);
        assertThat(errorsS).isCloseTo(errorsP, within(0.03));
        assertThat(slowP).as("share slower than 1 ms on Prometheus").isBetween(0.0, 1.0);
        assertThat(slowS).as("share slower than 1 ms on the scrapes").isCloseTo(slowP, within(0.1));
        assertThat(busyS).isCloseTo(busyP, within(0.15 * busyP));
    }

    /**
     * The alerting end to end on real metrics: a rule on version 2's error rate (one call in four fails, against a 1 %
     * budget: burn rate about 25) fires through Prometheus and reaches a real webhook once.
     */
    @Test
    void alerting_onPrometheus_firesOnVersionTwosErrorsOnce(@TempDir Path dir) throws Exception {
        try (WebhookReceiver webhook = WebhookReceiver.start();
                FileDocumentStore store = new FileDocumentStore(dir)) {
            AlertingSettings settings = AlertingSettings.defaults()
                    .withSchedule(
                            Duration.ofMillis(200),
                            // the traffic ran once, at the start: both windows must reach back to it
                            List.of(new BurnRateWindow(WINDOW.multipliedBy(2), WINDOW, 14.4, "page")))
                    .withTargets(webhook.url(), null);
            ModelAlertingComponent alerting = new ModelAlertingComponent(
                    settings,
                    store,
                    () -> new PrometheusSli(new PrometheusClient(prometheus.url(), Duration.ofSeconds(10))),
                    settings.notifiers(),
                    List.of(),
                    Clock.systemUTC());
            alerting.rules().create(V2_ERRORS);
            alerting.start();
            try {
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> !webhook.received().isEmpty());
                long rounds = alerting.rounds();
                await().atMost(Duration.ofSeconds(30)).until(() -> alerting.rounds() >= rounds + 3);
            } finally {
                alerting.stop();
            }

            assertThat(webhook.received()).singleElement().satisfies(body -> {
                assertThat(body).containsEntry("id", "v2-errors/1/firing").containsEntry("version", "2");
                assertThat(((Number) ((java.util.Map<?, ?>) body.get("values")).get("burn_1m")).doubleValue())
                        .isBetween(14.4, 35.0);
            });
        }
    }

    @Test
    void scraper_foundBothProvidersInTheRegistry() {
        assertThat(scraper.targets())
                .extracting(TargetStatus::health, t -> t.target().version())
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("up", "1"), org.assertj.core.groups.Tuple.tuple("up", "2"));
    }

    @Test
    void compare_malformedCustomQuery_isAnErrorWithPrometheusMessage() {
        AnalysisResult result = new PrometheusAnalysis(
                        new PrometheusClient(prometheus.url(), Duration.ofSeconds(10)), Clock.systemUTC())
                .compare(request(
                        Instant.now(),
                        new MetricCheck(AnalysisMetric.CUSTOM, 0.0, null, "sum(rate(foo{version=\"$version\"}[", true),
                        MetricCheck.of(AnalysisMetric.THROUGHPUT, null)));

        assertThat(result.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(result.metrics().get(0).status()).isEqualTo(MetricStatus.ERROR);
        assertThat(result.metrics().get(0).message())
                .contains("refused query", "bad_data", "parse error")
                .contains("foo{version=\"1\"}");
        // the other metric is still answered
        assertThat(result.metrics().get(1).status()).isEqualTo(MetricStatus.REPORTED);
    }

    @Test
    void compare_customQueryOnPrometheus_isSubstitutedAndJudged() {
        AnalysisResult result = new PrometheusAnalysis(
                        new PrometheusClient(prometheus.url(), Duration.ofSeconds(10)), Clock.systemUTC())
                .compare(request(
                        Instant.now(),
                        new MetricCheck(
                                AnalysisMetric.CUSTOM,
                                null,
                                0.5,
                                "sum(increase(dubbo_ai_model_requests_total{model=\"$model\",version=\"$version\",outcome=\"error\"}[$window]))",
                                true)));

        assertThat(result.metrics().get(0).status()).as("%s", result).isEqualTo(MetricStatus.FAIL);
        assertThat(result.metrics().get(0).candidate())
                .isGreaterThan(result.metrics().get(0).baseline());
    }

    @Test
    void compare_prometheusDown_isInconclusiveAndNamesTheAddress() {
        int closedPort = PrometheusServer.freePort();
        AnalysisResult result = new PrometheusAnalysis(
                        new PrometheusClient("http://127.0.0.1:" + closedPort, Duration.ofSeconds(2)),
                        Clock.systemUTC())
                .compare(request(Instant.now(), MetricCheck.of(AnalysisMetric.ERROR_RATE, 0.01)));

        assertThat(result.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(result.metrics().get(0).status()).isEqualTo(MetricStatus.ERROR);
        assertThat(result.metrics().get(0).message())
                .contains("127.0.0.1:" + closedPort, "cannot be reached", "dubbo.ai.monitoring.prometheus.url");
    }

    @Test
    void compare_customQueryOnScrapes_needsPrometheus() {
        AnalysisResult result = new ScrapeAnalysis(scraper.store(), Clock.systemUTC())
                .compare(request(
                        Instant.now(),
                        new MetricCheck(AnalysisMetric.CUSTOM, null, null, "up{version=\"$version\"}", true)));

        assertThat(result.metrics().get(0).status()).isEqualTo(MetricStatus.ERROR);
        assertThat(result.metrics().get(0).message()).contains("need Prometheus");
    }

    @Test
    void compare_unknownVersion_isNoData() {
        AnalysisRequest request = new AnalysisRequest(
                ModelProviders.MODEL, "1", "9", WINDOW, List.of(MetricCheck.of(AnalysisMetric.ERROR_RATE, 0.01)), null);
        for (VersionAnalysis analysis : List.of(
                new ScrapeAnalysis(scraper.store(), Clock.systemUTC()),
                new PrometheusAnalysis(
                        new PrometheusClient(prometheus.url(), Duration.ofSeconds(10)), Clock.systemUTC()))) {
            AnalysisResult result = analysis.compare(request);
            assertThat(result.verdict()).as(analysis.backend()).isEqualTo(Verdict.INCONCLUSIVE);
            assertThat(result.metrics().get(0).status()).isEqualTo(MetricStatus.NO_DATA);
            assertThat(result.metrics().get(0).message()).contains("no data for the candidate");
        }
    }

    @Test
    void request_unknownMetric_namesTheKnownOnes() {
        assertThatThrownBy(() -> AnalysisMetric.of("latency_p42"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "Unknown metric 'latency_p42'; use one of error_rate, latency_p50, latency_p90, latency_p95,"
                                + " latency_p99, throughput, custom");
    }
}
