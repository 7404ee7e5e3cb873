package io.dubboai.benchmarks.monitor;

import io.dubboai.monitor.drift.DriftDetector;
import io.dubboai.monitor.drift.DriftReport;
import io.dubboai.monitor.sketch.FeatureKind;
import io.dubboai.monitor.sketch.FeatureSketch;
import io.dubboai.monitor.sketch.ReferenceProfile;
import io.dubboai.monitor.sketch.SketchSet;
import java.time.Instant;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * A full drift report for 100 features (90 numeric, 10 categorical) of a reference profile against a window, each
 * side with {@code values} values per feature (KLL k = 200: compacted above about 200). Includes reading the
 * reference's sketches back from their bytes, as a report from a stored profile would.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class DriftBenchmark {

    private static final int FEATURES = 100;
    private static final String[] CATEGORIES = {"de", "fr", "it", "es", "cn", "us", "br", "in"};

    @Param({"10000", "1000000"})
    public int values;

    private ReferenceProfile reference;
    private SketchSet current;
    private DriftDetector detector;

    @Setup
    public void setUp() {
        SplittableRandom random = new SplittableRandom(5);
        reference = ReferenceProfile.of(sample(random, 0.0));
        current = sample(random, 0.1);
        detector = DriftDetector.withDefaults();
    }

    private SketchSet sample(SplittableRandom random, double shift) {
        SketchSet set = SketchSet.empty(Instant.EPOCH, Instant.EPOCH.plusSeconds(300));
        for (int f = 0; f < FEATURES; f++) {
            boolean categorical = f % 10 == 9;
            FeatureSketch sketch = set.sketch(
                    "f" + f,
                    categorical ? FeatureKind.CATEGORICAL : FeatureKind.NUMERIC,
                    FeatureSketch.DEFAULT_K,
                    FeatureSketch.DEFAULT_MAX_MAP_SIZE);
            for (int i = 0; i < values; i++) {
                if (categorical) {
                    sketch.update(CATEGORIES[random.nextInt(CATEGORIES.length)]);
                } else {
                    sketch.update(shift + random.nextDouble());
                }
            }
        }
        return set;
    }

    @Benchmark
    public DriftReport driftOf100Features() {
        return detector.compare(reference, current);
    }
}
