package io.dubboai.monitor.control.drift;

import io.dubboai.monitor.drift.DriftDetector;
import io.dubboai.monitor.drift.DriftFinding;
import io.dubboai.monitor.drift.DriftReport;
import io.dubboai.monitor.drift.DriftStatistics;
import io.dubboai.monitor.drift.DriftThresholds;
import io.dubboai.monitor.sketch.FeatureKind;
import io.dubboai.monitor.sketch.FeatureProfile;
import io.dubboai.monitor.sketch.FeatureSketch;
import io.dubboai.monitor.sketch.ReferenceProfile;
import io.dubboai.monitor.sketch.SketchConfig;
import io.dubboai.monitor.sketch.SketchSet;
import java.io.StringReader;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import org.apache.datasketches.frequencies.ErrorType;
import org.apache.datasketches.frequencies.ItemsSketch;

/**
 * Drift reports of model versions: the providers' current sketches (merged across replicas) against the version's
 * stored reference profile, per feature the statistics of {@link DriftDetector} and the reference and current
 * histograms (numeric: shares of the reference's quantile bins, the bins PSI uses; categorical: share per category).
 * Also stores references: from an uploaded CSV sample, or captured from the providers' current sketches.
 */
public final class DriftReports {

    /** Bins of the histograms (and of PSI). */
    private static final int BINS = DriftThresholds.DEFAULTS.bins();

    private final SketchFetcher fetcher;
    private final ReferenceProfiles references;
    private final DriftDetector detector;
    private final Clock clock;

    /**
     * @param fetcher reads the providers' sketches
     * @param references the stored references
     * @param detector the statistics and thresholds
     * @param clock timestamps stored references
     */
    public DriftReports(SketchFetcher fetcher, ReferenceProfiles references, DriftDetector detector, Clock clock) {
        this.fetcher = fetcher;
        this.references = references;
        this.detector = detector;
        this.clock = clock;
    }

    /** A histogram: numeric {@code edges} with one share per bin; or categorical shares by category. */
    public record Histogram(List<Double> edges, List<Double> shares, Map<String, Double> categories) {}

    /**
     * One feature of a report.
     *
     * @param feature its name
     * @param kind numeric or categorical
     * @param referenceCount values in the reference
     * @param currentCount values in the current sketches
     * @param drifted whether any statistic crossed its threshold
     * @param statistics the findings
     * @param reference the reference's histogram
     * @param current the current histogram, over the reference's bins
     */
    public record FeatureReport(
            String feature,
            FeatureKind kind,
            long referenceCount,
            long currentCount,
            boolean drifted,
            List<DriftFinding> statistics,
            Histogram reference,
            Histogram current) {}

    /**
     * A drift report.
     *
     * @param model the model
     * @param version the version
     * @param referenceCreatedAt when the reference was stored
     * @param referenceSource {@code upload} or {@code capture}
     * @param windowStart start of the merged current window
     * @param windowEnd its end
     * @param drifted the features that drifted
     * @param features per feature
     * @param problems features that could not be compared, and why
     * @param sources the providers asked
     */
    public record Report(
            String model,
            String version,
            Instant referenceCreatedAt,
            String referenceSource,
            Instant windowStart,
            Instant windowEnd,
            List<String> drifted,
            List<FeatureReport> features,
            List<String> problems,
            List<SketchFetcher.Source> sources) {}

    /** The summary of a stored reference. */
    public record ReferenceSummary(
            String model, String version, Instant createdAt, String source, Map<String, Long> features) {

        static ReferenceSummary of(StoredReference stored) {
            Map<String, Long> counts = new LinkedHashMap<>();
            stored.profile().features().forEach(feature -> counts.put(feature.feature(), feature.count()));
            return new ReferenceSummary(stored.model(), stored.version(), stored.createdAt(), stored.source(), counts);
        }
    }

    /**
     * The drift of the version now.
     *
     * @throws NoSuchElementException when the version has no reference (the message says how to make one)
     * @throws IllegalStateException when no provider answered with sketches
     * @throws ReferenceMismatchException when the reference and the current
     *     inputs have no feature in common ({@link ReferenceMismatchException}, the message lists both)
     */
    public Report report(String model, String version) {
        StoredReference stored = references
                .find(model, version)
                .orElseThrow(() -> new NoSuchElementException("no reference profile for model '" + model
                        + "' version '" + version + "'; upload a CSV sample (PUT …/reference) or capture the current"
                        + " window (POST …/reference/capture)"));
        SketchFetcher.Fetched fetched = fetcher.fetch(model, version);
        SketchSet current = requireSketches(model, version, fetched);
        ReferenceProfile reference = stored.profile();
        DriftReport report = detector.compare(reference, current);
        if (report.findings().isEmpty() && !report.problems().isEmpty()) {
            throw new ReferenceMismatchException("the reference profile of model '" + model + "' version '" + version
                    + "' does not fit its current inputs (reference features " + reference.featureNames()
                    + ", current " + current.featureNames() + "): " + String.join("; ", report.problems())
                    + "; upload or capture a new reference");
        }
        List<FeatureReport> features = new ArrayList<>();
        for (FeatureProfile expected : reference.features()) {
            FeatureSketch now = current.features().get(expected.feature());
            List<DriftFinding> findings = report.findings(expected.feature());
            if (now == null || findings.isEmpty()) {
                continue;
            }
            FeatureSketch then = expected.toSketch();
            Histogram[] histograms = histograms(then, now);
            features.add(new FeatureReport(
                    expected.feature(),
                    expected.kind(),
                    expected.count(),
                    now.count(),
                    findings.stream().anyMatch(DriftFinding::drifted),
                    findings,
                    histograms[0],
                    histograms[1]));
        }
        return new Report(
                model,
                version,
                stored.createdAt(),
                stored.source(),
                current.start(),
                current.end(),
                report.driftedFeatures(),
                features,
                report.problems(),
                fetched.sources());
    }

    /** Stores a reference computed from a CSV sample (header of feature names, one row per line). */
    public ReferenceSummary upload(String model, String version, String csv, Set<String> categorical) {
        SketchConfig defaults = SketchConfig.DEFAULTS;
        SketchConfig config = new SketchConfig(
                defaults.sampleRate(),
                defaults.queueCapacity(),
                defaults.window(),
                defaults.windowsKept(),
                defaults.kllK(),
                defaults.maxMapSize(),
                categorical);
        ReferenceProfile profile = ReferenceProfile.fromCsv(new StringReader(csv), config);
        if (profile.features().stream().allMatch(feature -> feature.count() == 0)) {
            throw new IllegalArgumentException("the CSV sample has no values; give a header line and at least one row");
        }
        return ReferenceSummary.of(
                references.put(new StoredReference(model, version, clock.instant(), "upload", profile)));
    }

    /** Stores the providers' current sketches as the version's reference. */
    public ReferenceSummary capture(String model, String version) {
        SketchSet current = requireSketches(model, version, fetcher.fetch(model, version));
        return ReferenceSummary.of(references.put(
                new StoredReference(model, version, clock.instant(), "capture", ReferenceProfile.of(current))));
    }

    /** The summary of the version's reference. */
    public ReferenceSummary reference(String model, String version) {
        return references
                .find(model, version)
                .map(ReferenceSummary::of)
                .orElseThrow(() -> new NoSuchElementException(
                        "no reference profile for model '" + model + "' version '" + version + "'"));
    }

    /** Deletes the version's reference. */
    public void deleteReference(String model, String version) {
        if (!references.delete(model, version)) {
            throw new NoSuchElementException(
                    "no reference profile for model '" + model + "' version '" + version + "'");
        }
    }

    private static SketchSet requireSketches(String model, String version, SketchFetcher.Fetched fetched) {
        if (fetched.sketches() != null) {
            return fetched.sketches();
        }
        if (fetched.sources().isEmpty()) {
            throw new IllegalStateException("no provider of model '" + model + "' version '" + version
                    + "' is known to the monitoring component (is it registered, with dubbo-ai-metrics-port?)");
        }
        throw new IllegalStateException("no provider of model '" + model + "' version '" + version
                + "' answered with sketches: " + fetched.sources());
    }

    /** The reference and current histograms of one feature, over the reference's bins. */
    private static Histogram[] histograms(FeatureSketch reference, FeatureSketch current) {
        if (reference.kind() == FeatureKind.NUMERIC) {
            double[] edges = DriftStatistics.binEdges(reference.numbers(), BINS);
            return new Histogram[] {
                numeric(edges, DriftStatistics.binShares(reference.numbers(), edges)),
                numeric(edges, DriftStatistics.binShares(current.numbers(), edges))
            };
        }
        return new Histogram[] {categorical(reference.categories()), categorical(current.categories())};
    }

    private static Histogram numeric(double[] edges, double[] shares) {
        List<Double> e = new ArrayList<>();
        List<Double> s = new ArrayList<>();
        for (double edge : edges) {
            e.add(edge);
        }
        for (double share : shares) {
            s.add(share);
        }
        return new Histogram(e, s, Map.of());
    }

    private static Histogram categorical(ItemsSketch<String> sketch) {
        Map<String, Double> shares = new LinkedHashMap<>();
        double total = sketch.getStreamLength();
        for (ItemsSketch.Row<String> row : sketch.getFrequentItems(ErrorType.NO_FALSE_NEGATIVES)) {
            shares.put(row.getItem(), total == 0 ? 0 : row.getEstimate() / total);
        }
        return new Histogram(List.of(), List.of(), shares);
    }
}
