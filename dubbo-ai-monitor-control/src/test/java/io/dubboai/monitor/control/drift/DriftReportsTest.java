package io.dubboai.monitor.control.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.dubboai.controlplane.store.FileDocumentStore;
import io.dubboai.monitor.control.ModelProviders;
import io.dubboai.monitor.control.scrape.ScrapeTarget;
import io.dubboai.monitor.drift.DriftDetector;
import io.dubboai.monitor.drift.Statistic;
import io.dubboai.monitor.metrics.InputSketches;
import io.dubboai.monitor.sketch.FeatureKind;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drift reports on two real replicas of one model version (their QoS {@code aiSketches} command, every request
 * sketched): their sketches merged, compared with references uploaded as CSV or captured, with the shifted feature
 * named; a third "provider" that answers sketches of an unknown format is reported and left out.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DriftReportsTest {

    private static final int CALLS = 30;
    private static final int ROWS = 10;

    private ModelProviders providers;
    private HttpServer incompatible;
    private FileDocumentStore store;
    private DriftReports reports;
    private final List<ScrapeTarget> targets = new ArrayList<>();

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        System.setProperty(InputSketches.SAMPLE_RATE, "1");
        providers = new ModelProviders(dir, "N/A", "2", "2");
        Random random = new Random(42);
        for (int replica = 0; replica < 2; replica++) {
            for (int call = 0; call < CALLS; call++) {
                providers.infer(replica, gaussianRows(random, ROWS, 0));
            }
            targets.add(new ScrapeTarget(
                    ModelProviders.MODEL,
                    "2",
                    "127.0.0.1",
                    providers.server(replica).qosPort().orElseThrow()));
        }
        incompatible = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        byte[] answer = ("{\"format\":9,\"versions\":[{\"model\":\"fraud\",\"version\":\"2\",\"sketches\":\""
                        + Base64.getEncoder().encodeToString("not a sketch set".getBytes(StandardCharsets.UTF_8))
                        + "\"}]}")
                .getBytes(StandardCharsets.UTF_8);
        incompatible.createContext("/aiSketches", exchange -> {
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        incompatible.start();
        targets.add(new ScrapeTarget(
                ModelProviders.MODEL,
                "2",
                "127.0.0.1",
                incompatible.getAddress().getPort()));
        store = new FileDocumentStore(Files.createDirectories(dir.resolve("documents")));
        SketchFetcher fetcher = new SketchFetcher(() -> List.copyOf(targets), Duration.ofSeconds(10));
        reports = new DriftReports(
                fetcher, new ReferenceProfiles(store), DriftDetector.withDefaults(), Clock.systemUTC());
        // the replicas sketch on their own threads: wait until both replicas' rows are in
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            var fetched = fetcher.fetch(ModelProviders.MODEL, "2");
            return fetched.sketches() != null
                    && fetched.sketches().features().get("x[0]").count() == 2L * CALLS * ROWS;
        });
    }

    @AfterAll
    void stop() {
        System.clearProperty(InputSketches.SAMPLE_RATE);
        if (incompatible != null) {
            incompatible.stop(0);
        }
        if (store != null) {
            store.close();
        }
        if (providers != null) {
            providers.close();
        }
    }

    private static float[][] gaussianRows(Random random, int rows, double shiftOfX2) {
        float[][] out = new float[rows][4];
        for (float[] row : out) {
            for (int f = 0; f < 4; f++) {
                row[f] = (float) (random.nextGaussian() + (f == 2 ? shiftOfX2 : 0));
            }
        }
        return out;
    }

    private static String csv(long seed, int rows, double shiftOfX2) {
        Random random = new Random(seed);
        StringBuilder csv = new StringBuilder("x[0],x[1],x[2],x[3]\n");
        for (float[] row : gaussianRows(random, rows, shiftOfX2)) {
            csv.append(row[0])
                    .append(',')
                    .append(row[1])
                    .append(',')
                    .append(row[2])
                    .append(',')
                    .append(row[3]);
            csv.append('\n');
        }
        return csv.toString();
    }

    @Test
    void report_referenceFromTheSameDistribution_noEffectBothReplicasMergedIncompatibleOneNamed() {
        reports.upload(ModelProviders.MODEL, "2", csv(7, 600, 0), Set.of());

        DriftReports.Report report = reports.report(ModelProviders.MODEL, "2");

        // the effect sizes stay under their thresholds; the tests' false-alarm rate (KS at α = 0.01 on four features)
        // is checked over many seeded runs in dubbo-ai-monitor's DriftDetectorTest, not on this one sample
        assertThat(report.features()).allSatisfy(feature -> assertThat(feature.statistics())
                .filteredOn(finding ->
                        finding.statistic() == Statistic.PSI || finding.statistic() == Statistic.JENSEN_SHANNON)
                .allSatisfy(finding ->
                        assertThat(finding.drifted()).as("%s", finding).isFalse()));
        assertThat(report.referenceSource()).isEqualTo("upload");
        assertThat(report.features()).hasSize(4).allSatisfy(feature -> {
            assertThat(feature.kind()).isEqualTo(FeatureKind.NUMERIC);
            assertThat(feature.referenceCount()).isEqualTo(600);
            assertThat(feature.currentCount()).isEqualTo(2L * CALLS * ROWS);
            assertThat(feature.reference().shares())
                    .hasSize(feature.reference().edges().size() + 1);
            assertThat(feature.current().edges()).isEqualTo(feature.reference().edges());
            assertThat(feature.current().shares().stream()
                            .mapToDouble(Double::doubleValue)
                            .sum())
                    .isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
        });
        assertThat(report.sources()).hasSize(3);
        assertThat(report.sources().stream().filter(SketchFetcher.Source::ok)).hasSize(2);
        assertThat(report.sources())
                .filteredOn(source -> !source.ok())
                .singleElement()
                .satisfies(source ->
                        assertThat(source.error()).startsWith("incompatible sketches: not a dubbo-ai sketch set"));
    }

    @Test
    void report_referenceWithOneShiftedFeature_namesThatFeature() {
        reports.upload(ModelProviders.MODEL, "2", csv(8, 600, 1.5), Set.of());

        DriftReports.Report report = reports.report(ModelProviders.MODEL, "2");

        // x[2] is flagged by every statistic; the others keep PSI under its threshold (see the test above on KS)
        assertThat(report.drifted()).contains("x[2]");
        assertThat(report.features()).allSatisfy(feature -> {
            boolean shifted = feature.feature().equals("x[2]");
            assertThat(feature.statistics())
                    .filteredOn(finding -> shifted || finding.statistic() == Statistic.PSI)
                    .isNotEmpty()
                    .allSatisfy(finding ->
                            assertThat(finding.drifted()).as("%s", finding).isEqualTo(shifted));
        });
    }

    @Test
    void capture_storesTheCurrentWindowAsReference() {
        DriftReports.ReferenceSummary captured = reports.capture(ModelProviders.MODEL, "2");

        DriftReports.Report report = reports.report(ModelProviders.MODEL, "2");

        assertThat(captured.source()).isEqualTo("capture");
        assertThat(captured.features()).containsEntry("x[0]", 2L * CALLS * ROWS);
        assertThat(report.drifted()).isEmpty(); // the same sketches on both sides
    }

    @Test
    void report_referenceWithOtherFeatures_saysWhichOnEachSide() {
        reports.upload(ModelProviders.MODEL, "2", "age,income\n30,1000\n40,2000\n", Set.of());

        assertThatThrownBy(() -> reports.report(ModelProviders.MODEL, "2"))
                .isInstanceOf(ReferenceMismatchException.class)
                .hasMessageContaining("reference features [age, income], current [x[0], x[1], x[2], x[3]]")
                .hasMessageContaining("feature 'x[0]' is not in the reference");
    }

    @Test
    void report_versionWithoutProviders_saysSo() {
        reports.upload(ModelProviders.MODEL, "9", csv(9, 10, 0), Set.of());

        assertThatThrownBy(() -> reports.report(ModelProviders.MODEL, "9"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no provider of model 'fraud' version '9' is known");
        assertThatThrownBy(() -> reports.report(ModelProviders.MODEL, "8"))
                .hasMessageStartingWith("no reference profile for model 'fraud' version '8'; upload a CSV sample");
    }
}
