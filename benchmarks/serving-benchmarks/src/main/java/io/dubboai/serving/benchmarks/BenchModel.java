package io.dubboai.serving.benchmarks;

import io.dubboai.serving.TestModels;
import java.nio.file.Path;
import java.util.Random;

/**
 * The benchmark model: the tests' MLP ({@link TestModels#mlp(Path, long, int, int, int)}) at benchmark size, input
 * {@code features} [-1, {@link #FEATURES}], output {@code probabilities} [-1, {@link #CLASSES}].
 */
final class BenchModel {

    /** Input width; system property {@code bench.features}, default 512. */
    static final int FEATURES = Integer.getInteger("bench.features", 512);

    /**
     * Hidden units; system property {@code bench.hidden}, default 8192 (16 MiB of first-layer weights, beyond the
     * caches, so one row costs a full pass over the weights and a batch shares it).
     */
    static final int HIDDEN = Integer.getInteger("bench.hidden", 8192);

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
