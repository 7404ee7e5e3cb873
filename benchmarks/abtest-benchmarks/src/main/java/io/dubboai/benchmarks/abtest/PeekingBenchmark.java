package io.dubboai.benchmarks.abtest;

import io.dubboai.abtest.stats.MixtureSequentialTest;
import io.dubboai.abtest.stats.PeekingSimulation;
import io.dubboai.abtest.stats.SampleSize;

/**
 * The long runs behind the figures in docs/abtest.md: false-positive rates of the naive z-test and of the sequential
 * test when an A/A experiment is read after every batch, and the sequential test's sample size for 80 % power on a
 * 10 % to 11 % conversion lift as a ratio of the fixed-horizon size, for several tunings. Seeded: the same arguments
 * print the same figures.
 *
 * <p>Arguments: {@code [aaExperiments=100000] [powerExperiments=20000]}.
 */
public final class PeekingBenchmark {

    private static final double ALPHA = 0.05;

    private PeekingBenchmark() {}

    public static void main(String[] args) {
        int aaExperiments = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int powerExperiments = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;

        long start = System.nanoTime();
        PeekingSimulation.Outcome aa = PeekingSimulation.run(
                new PeekingSimulation.Settings(0.10, 0.10, 100, 1_000, aaExperiments, ALPHA, 1L),
                MixtureSequentialTest.tunedFor(ALPHA, 2L * 100 * 1_000));
        double se = Math.sqrt(ALPHA * (1 - ALPHA) / aaExperiments);
        System.out.printf(
                "A/A, %,d experiments at 10 %% conversion, 100 units per arm per look, alpha %.2f (binomial SE at"
                        + " alpha: %.4f), %.1f s%n",
                aaExperiments, ALPHA, se, (System.nanoTime() - start) / 1e9);
        System.out.println("looks    naive z-test   sequential");
        for (int looks : new int[] {1, 5, 10, 20, 50, 100, 1_000}) {
            System.out.printf(
                    "%5d    %10.4f   %10.4f%n", looks, aa.naiveRejectionRate(looks), aa.sequentialRejectionRate(looks));
        }

        long fixed = SampleSize.perArmForProportions(0.10, 0.11, ALPHA, 0.8);
        System.out.printf(
                "%n80 %% power, 10 %% -> 11 %%: fixed horizon %,d units per arm; sequential test (%,d experiments,"
                        + " 50 units per arm per look), tuned for n* = factor x fixed-horizon total%n",
                fixed, powerExperiments);
        System.out.println("factor   units per arm   ratio");
        for (double factor : new double[] {0.5, 0.75, 1, 1.25, 1.5, 2, 3, 4}) {
            PeekingSimulation.Outcome power = PeekingSimulation.run(
                    new PeekingSimulation.Settings(0.10, 0.11, 50, 1_200, powerExperiments, ALPHA, 2L),
                    MixtureSequentialTest.tunedFor(ALPHA, (long) (2 * factor * fixed)));
            long units = power.sequentialUnitsPerArmForPower(0.8).orElseThrow();
            System.out.printf("%6.2f   %13d   %5.3f%n", factor, units, units / (double) fixed);
        }
    }
}
