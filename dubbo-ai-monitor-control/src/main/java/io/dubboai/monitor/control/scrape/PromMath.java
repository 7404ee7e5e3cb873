package io.dubboai.monitor.control.scrape;

import java.util.Arrays;
import java.util.Comparator;

/**
 * Prometheus' own arithmetic, so that the analysis on scraped samples agrees with the same analysis in PromQL.
 *
 * <p>{@link #rate} is {@code extrapolatedRate} of Prometheus 2.x ({@code promql/functions.go}): the increase between
 * the first and last sample in the range, corrected for counter resets, extrapolated towards the range's edges (to the
 * edge when the gap is under 1.1 average sample intervals, else by half an interval, and never below zero for a
 * counter), divided by the range. {@link #histogramQuantile} is {@code bucketQuantile} ({@code promql/quantile.go}):
 * linear interpolation inside the bucket that holds the rank, the lower bound of the first bucket being 0, the upper
 * bound of the {@code +Inf} bucket answering with the largest finite bound.
 */
public final class PromMath {

    private PromMath() {}

    /**
     * The per-second rate of a counter over {@code [rangeStartMs, rangeEndMs]} from its samples in that range
     * (ascending times); NaN with fewer than two samples.
     */
    public static double rate(long[] times, double[] values, int count, long rangeStartMs, long rangeEndMs) {
        if (count < 2) {
            return Double.NaN;
        }
        double result = values[count - 1] - values[0];
        for (int i = 1; i < count; i++) {
            if (values[i] < values[i - 1]) {
                result += values[i - 1];
            }
        }
        double durationToStart = (times[0] - rangeStartMs) / 1000.0;
        double durationToEnd = (rangeEndMs - times[count - 1]) / 1000.0;
        double sampledInterval = (times[count - 1] - times[0]) / 1000.0;
        if (sampledInterval <= 0) {
            return Double.NaN;
        }
        double averageBetweenSamples = sampledInterval / (count - 1);
        if (result > 0 && values[0] >= 0) {
            double durationToZero = sampledInterval * (values[0] / result);
            if (durationToZero < durationToStart) {
                durationToStart = durationToZero;
            }
        }
        double threshold = averageBetweenSamples * 1.1;
        double extrapolateTo = sampledInterval;
        extrapolateTo += durationToStart < threshold ? durationToStart : averageBetweenSamples / 2;
        extrapolateTo += durationToEnd < threshold ? durationToEnd : averageBetweenSamples / 2;
        result *= extrapolateTo / sampledInterval;
        return result / ((rangeEndMs - rangeStartMs) / 1000.0);
    }

    /**
     * The {@code q}-quantile of a histogram given per bucket its upper bound and (cumulative) count or rate; NaN when
     * there are fewer than two buckets, no {@code +Inf} bucket or no observations.
     */
    public static double histogramQuantile(double q, double[] upperBounds, double[] counts) {
        if (q < 0) {
            return Double.NEGATIVE_INFINITY;
        }
        if (q > 1) {
            return Double.POSITIVE_INFINITY;
        }
        int n = upperBounds.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble(i -> upperBounds[i]));
        // coalesce equal bounds, then force monotonic counts (Prometheus' coalesceBuckets and ensureMonotonic)
        double[] bounds = new double[n];
        double[] cumulative = new double[n];
        int m = 0;
        for (int k = 0; k < n; k++) {
            int i = order[k];
            if (m > 0 && bounds[m - 1] == upperBounds[i]) {
                cumulative[m - 1] += counts[i];
            } else {
                bounds[m] = upperBounds[i];
                cumulative[m] = counts[i];
                m++;
            }
        }
        if (m < 2 || bounds[m - 1] != Double.POSITIVE_INFINITY) {
            return Double.NaN;
        }
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < m; i++) {
            if (cumulative[i] > max) {
                max = cumulative[i];
            } else {
                cumulative[i] = max;
            }
        }
        double observations = cumulative[m - 1];
        if (observations == 0 || Double.isNaN(observations)) {
            return Double.NaN;
        }
        double rank = q * observations;
        int b = 0;
        while (b < m - 1 && cumulative[b] < rank) {
            b++;
        }
        if (b == m - 1) {
            return bounds[m - 2];
        }
        if (b == 0 && bounds[0] <= 0) {
            return bounds[0];
        }
        double bucketStart = 0;
        double bucketEnd = bounds[b];
        double count = cumulative[b];
        if (b > 0) {
            bucketStart = bounds[b - 1];
            count -= cumulative[b - 1];
            rank -= cumulative[b - 1];
        }
        return bucketStart + (bucketEnd - bucketStart) * (rank / count);
    }
}
