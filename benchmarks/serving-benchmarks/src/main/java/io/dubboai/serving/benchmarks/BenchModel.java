package io.dubboai.serving.benchmarks;

import io.dubboai.serving.TestModels;
import java.nio.file.Path;
import java.util.Random;

/**
 * The benchmark model: the tests' MLP ({@link TestModels#mlp(Path, long, int, int, int)}) at benchmark size, input
 * {@code features} [-1, {@link #FEATURES}], output {@code probabilities} [-1, {@link #CLASSES}].
 */
final class BenchModel {

    /** Input width; system property {@code bench.features}, default 2048. */
    static final int FEATURES = Integer.getInteger("bench.features", 2048);

    /**
     * Hidden units; system property {@code bench.hidden}, default 16384: 128 MiB of first-layer weights, far beyond the
     * caches, so one row costs a full pass over the weights (milliseconds, like a small transformer) and a batch shares
     * it. The smaller model of the earlier runs is {@code -Dbench.features=512 -Dbench.hidden=8192} (16 MiB).
     */
    static final int HIDDEN = Integer.getInteger("bench.hidden", 16384);

    static final int CLASSES = 8;

    private BenchModel() {}

    static Path write(Path dir) {
        return TestModels.mlp(dir, 7, FEATURES, HIDDEN, CLASSES).path();
    }

    static float[][] rows(int count, long seed) {
        Random random = new Random(seed);
        float[][] rows = new float[count][FEATURES];
        for (float[] row : rows) {
            for (int i = 0; i < FEATURES; i++) {
                row[i] = random.nextFloat();
            }
        }
        return rows;
    }
}
