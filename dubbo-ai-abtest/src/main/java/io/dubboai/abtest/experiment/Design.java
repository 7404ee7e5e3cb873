package io.dubboai.abtest.experiment;

import org.jspecify.annotations.Nullable;

/**
 * How large an experiment must be: a fixed number of units per variant, or a minimum detectable effect (MDE) on the
 * primary metric with the power to detect it, from which the size is computed ({@link
 * io.dubboai.abtest.stats.SampleSize}).
 *
 * @param alpha the significance level, in (0, 0.5], e.g. 0.05
 * @param power the chance of detecting an effect of the MDE, in (0, 1), e.g. 0.8; used with an MDE
 * @param minimumDetectableEffect the smallest absolute difference worth detecting (e.g. 0.01 for one percentage
 *     point of conversion); null with a fixed size
 * @param baselineRate the control's expected conversion rate, for a conversion primary metric with an MDE
 * @param standardDeviation the per-unit standard deviation, for a numeric primary metric with an MDE
 * @param fixedUnitsPerVariant a size given directly; null with an MDE
 */
public record Design(
        double alpha,
        double power,
        @Nullable Double minimumDetectableEffect,
        @Nullable Double baselineRate,
        @Nullable Double standardDeviation,
        @Nullable Long fixedUnitsPerVariant) {

    /** A fixed size, at level 0.05. */
    public static Design fixed(long unitsPerVariant) {
        return new Design(0.05, 0.8, null, null, null, unitsPerVariant);
    }

    /** A conversion MDE from {@code baselineRate}, at level 0.05 and power 0.8. */
    public static Design conversionMde(double baselineRate, double minimumDetectableEffect) {
        return new Design(0.05, 0.8, minimumDetectableEffect, baselineRate, null, null);
    }
}
