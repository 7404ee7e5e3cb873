package io.dubboai.abtest.stats;

import java.util.Arrays;
import java.util.OptionalLong;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.MarsagliaTsangWangDiscreteSampler;
import org.apache.commons.rng.sampling.distribution.SharedStateDiscreteSampler;
import org.apache.commons.rng.simple.RandomSource;

/**
 * A seeded Monte Carlo of conversion experiments that are read after every batch ("peeking"): what a reader sees
 * with the naive fixed-horizon test ({@link TwoProportionZTest#pooled}, read at every look as if it were the last)
 * and with the always-valid {@link MixtureSequentialTest}. Used by the tests (false-positive rates under peeking,
 * detection of real effects) and to size sequential experiments (the units per arm that reach a given power).
 *
 * <p>Each experiment adds {@code unitsPerArmPerLook} units to each arm per look, drawn as one binomial count per arm
 * (exact, from a lookup table: G. Marsaglia, W. W. Tsang and J. Wang, "Fast Generation of
 * Discrete Random Variables", <i>Journal of Statistical Software</i> 11(3), 2004), and records the first look at which each test rejects "no
 * difference". The same seed gives the same outcome. Cost: {@code experiments x looks} cheap steps; an experiment
 * stops early once both tests have rejected.
 */
public final class PeekingSimulation {

    /**
     * What to simulate.
     *
     * @param controlRate true conversion rate of the control arm, 0..1
     * @param treatmentRate true conversion rate of the treatment arm (equal to the control's for an A/A test)
     * @param unitsPerArmPerLook units added to each arm between looks, at least 1
     * @param looks number of looks per experiment, at least 1
     * @param experiments number of simulated experiments, at least 1
     * @param alpha the naive test's level (the sequential test brings its own)
     * @param seed the random seed
     */
    public record Settings(
            double controlRate,
            double treatmentRate,
            int unitsPerArmPerLook,
            int looks,
            int experiments,
            double alpha,
            long seed) {

        public Settings {
            if (!(controlRate >= 0 && controlRate <= 1) || !(treatmentRate >= 0 && treatmentRate <= 1)) {
                throw new IllegalArgumentException(
                        "rates must be between 0 and 1, were " + controlRate + " and " + treatmentRate);
            }
            if (unitsPerArmPerLook < 1 || looks < 1 || experiments < 1) {
                throw new IllegalArgumentException("units per look, looks and experiments must be at least 1, were "
                        + unitsPerArmPerLook + ", " + looks + ", " + experiments);
            }
            Normal.requireAlpha(alpha);
        }
    }

    private PeekingSimulation() {}

    /** Runs every experiment of {@code settings}, reading each look with both tests. */
    public static Outcome run(Settings settings, MixtureSequentialTest sequential) {
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(settings.seed());
        int batch = settings.unitsPerArmPerLook();
        // Marsaglia, Tsang and Wang's table sampler: one table lookup per binomial draw
        SharedStateDiscreteSampler control =
                MarsagliaTsangWangDiscreteSampler.Binomial.of(rng, batch, settings.controlRate());
        SharedStateDiscreteSampler treatment =
                MarsagliaTsangWangDiscreteSampler.Binomial.of(rng, batch, settings.treatmentRate());
        double naiveCritical = Normal.twoSidedCritical(settings.alpha());
        double[] sequentialCritical = new double[settings.looks()];
        for (int look = 0; look < settings.looks(); look++) {
            sequentialCritical[look] = sequential.criticalZ(2L * batch * (look + 1));
        }
        int[] naiveFirst = new int[settings.experiments()];
        int[] sequentialFirst = new int[settings.experiments()];
        for (int e = 0; e < settings.experiments(); e++) {
            naiveFirst[e] = -1;
            sequentialFirst[e] = -1;
            long xc = 0;
            long xt = 0;
            for (int look = 0; look < settings.looks(); look++) {
                xc += control.sample();
                xt += treatment.sample();
                double n = (double) batch * (look + 1);
                double pc = xc / n;
                double pt = xt / n;
                double d = pt - pc;
                if (naiveFirst[e] < 0) {
                    double pooled = (xc + xt) / (2 * n);
                    double se = Math.sqrt(pooled * (1 - pooled) * 2 / n);
                    if (se > 0 && Math.abs(d) >= naiveCritical * se) {
                        naiveFirst[e] = look;
                    }
                }
                if (sequentialFirst[e] < 0) {
                    // the same decision as MixtureSequentialTest.evaluate: |z| with the unpooled standard error
                    double se = Math.sqrt((pt * (1 - pt) + pc * (1 - pc)) / n);
                    if (se > 0 && Math.abs(d) >= sequentialCritical[look] * se) {
                        sequentialFirst[e] = look;
                    }
                }
                if (naiveFirst[e] >= 0 && sequentialFirst[e] >= 0) {
                    break;
                }
            }
        }
        return new Outcome(settings, naiveFirst, sequentialFirst);
    }

    /** What a simulation found: for each experiment, the first look (0-based) at which each test rejected, or -1. */
    public static final class Outcome {

        private final Settings settings;
        private final int[] naiveFirst;
        private final int[] sequentialFirst;

        Outcome(Settings settings, int[] naiveFirst, int[] sequentialFirst) {
            this.settings = settings;
            this.naiveFirst = naiveFirst;
            this.sequentialFirst = sequentialFirst;
        }

        public Settings settings() {
            return settings;
        }

        /** Share of experiments the naive test rejected within the first {@code looks} looks. */
        public double naiveRejectionRate(int looks) {
            return rate(naiveFirst, looks);
        }

        /** Share of experiments the sequential test rejected within the first {@code looks} looks. */
        public double sequentialRejectionRate(int looks) {
            return rate(sequentialFirst, looks);
        }

        /**
         * The units per arm after which the sequential test had rejected in at least {@code power} of the
         * experiments; empty if it had not within the simulated looks.
         */
        public OptionalLong sequentialUnitsPerArmForPower(double power) {
            int[] sorted = Arrays.stream(sequentialFirst)
                    .map(look -> look < 0 ? Integer.MAX_VALUE : look)
                    .sorted()
                    .toArray();
            int index = (int) Math.ceil(power * sorted.length) - 1;
            int look = sorted[Math.max(0, index)];
            return look == Integer.MAX_VALUE
                    ? OptionalLong.empty()
                    : OptionalLong.of((long) (look + 1) * settings.unitsPerArmPerLook());
        }

        private double rate(int[] first, int looks) {
            if (looks < 1 || looks > settings.looks()) {
                throw new IllegalArgumentException(
                        "looks must be between 1 and " + settings.looks() + " (the simulated looks), was " + looks);
            }
            long rejected = Arrays.stream(first)
                    .filter(look -> look >= 0 && look < looks)
                    .count();
            return (double) rejected / first.length;
        }
    }
}
