package io.dubboai.abtest.analysis;

import org.jspecify.annotations.Nullable;

/**
 * One variant against the control on one metric, read with the always-valid sequential test: the interval is a
 * confidence sequence and the p-value is valid at this look whenever it is read.
 *
 * @param metric the metric
 * @param variant the treatment
 * @param control the control
 * @param controlMean the control's mean (a conversion rate for conversions)
 * @param variantMean the treatment's mean
 * @param controlUnits units behind the control's mean
 * @param variantUnits units behind the treatment's mean
 * @param difference {@code variantMean - controlMean}
 * @param lower lower bound of the difference's confidence sequence (null: no information yet)
 * @param upper upper bound
 * @param relativeLift {@code variantMean / controlMean - 1}; null when the control's mean is 0
 * @param relativeLower lower bound of the relative lift (delta-method standard error, same sequential boundary); null
 *     when undefined
 * @param relativeUpper upper bound, likewise
 * @param pValue always-valid p-value at this look
 * @param significant whether the confidence sequence excludes 0
 * @param verdict {@code BETTER} or {@code WORSE} (in the metric's good direction) when significant, else {@code
 *     UNDECIDED}
 */
public record Comparison(
        String metric,
        String variant,
        String control,
        double controlMean,
        double variantMean,
        long controlUnits,
        long variantUnits,
        double difference,
        @Nullable Double lower,
        @Nullable Double upper,
        @Nullable Double relativeLift,
        @Nullable Double relativeLower,
        @Nullable Double relativeUpper,
        double pValue,
        boolean significant,
        Verdict verdict) {

    /** Which way a significant difference goes for the metric. */
    public enum Verdict {
        BETTER,
        WORSE,
        UNDECIDED
    }
}
