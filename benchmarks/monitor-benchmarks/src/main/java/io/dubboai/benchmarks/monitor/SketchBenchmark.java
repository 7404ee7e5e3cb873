package io.dubboai.benchmarks.monitor;

import io.dubboai.monitor.sketch.FeatureSketch;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** One value into one feature's sketch: KLL (numeric, k = 200) and frequent items (categorical, map size 64). */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SketchBenchmark {

    private static final String[] CATEGORIES = {"de", "fr", "it", "es", "cn", "us", "br", "in"};

    private FeatureSketch numeric;
    private FeatureSketch categorical;
    private SplittableRandom random;

    @Setup
    public void setUp() {
        numeric = FeatureSketch.numeric(FeatureSketch.DEFAULT_K);
        categorical = FeatureSketch.categorical(FeatureSketch.DEFAULT_MAX_MAP_SIZE);
        random = new SplittableRandom(1);
    }

    @Benchmark
    public void numericUpdate() {
        numeric.update(random.nextDouble());
    }

    @Benchmark
    public void categoricalUpdate() {
        categorical.update(CATEGORIES[random.nextInt(CATEGORIES.length)]);
    }
}
