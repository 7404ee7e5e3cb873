package io.dubboai.monitor.control.scrape;

import io.dubboai.monitor.control.analysis.AnalysisMetric;
import io.dubboai.monitor.control.analysis.ModelMetricQueries;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The metrics of one model version evaluated on a {@link SeriesStore} over a range, as the PromQL of
 * {@code PromQl} evaluates them on Prometheus: rates summed over the version's providers, quantiles from the summed
 * bucket rates. NaN means no data.
 */
public final class ScrapedMetrics {

    private final SeriesStore store;

    /** @param store the scraped samples */
    public ScrapedMetrics(SeriesStore store) {
        this.store = store;
    }

    /** The value of {@code metric} (not {@link AnalysisMetric#CUSTOM}) for the version over {@code [start, end]}. */
    public double value(AnalysisMetric metric, String model, String version, long startMs, long endMs) {
        return switch (metric) {
            case ERROR_RATE -> {
                double all = sumRate(model, version, ModelMetricQueries.REQUESTS, null, startMs, endMs);
                double errors =
                        sumRate(model, version, ModelMetricQueries.REQUESTS, ModelMetricQueries.ERROR, startMs, endMs);
                yield Double.isNaN(all) ? Double.NaN : (Double.isNaN(errors) ? 0 : errors) / all;
            }
            case THROUGHPUT -> sumRate(model, version, ModelMetricQueries.REQUESTS, null, startMs, endMs);
            case CUSTOM -> throw new IllegalArgumentException("custom PromQL needs the Prometheus backend");
            default -> quantile(metric.quantile().orElseThrow(), model, version, startMs, endMs);
        };
    }

    /**
     * The share of successful calls slower than {@code thresholdSeconds} over the range, from the rates of the
     * latency bucket at that bound and of {@code +Inf} (as {@code 1 - bucket/+Inf} in PromQL); NaN when the bound is
     * not a bucket or there were no calls.
     */
    public double shareSlowerThan(double thresholdSeconds, String model, String version, long startMs, long endMs) {
        double within = Double.NaN;
        double all = Double.NaN;
        for (SeriesStore.Range range :
                ranges(model, version, ModelMetricQueries.LATENCY_BUCKET, ModelMetricQueries.SUCCESS, startMs, endMs)) {
            String le = range.key().labels().get(ModelMetricQueries.LE);
            double rate = PromMath.rate(range.times(), range.values(), range.count(), startMs, endMs);
            if (le == null || Double.isNaN(rate)) {
                continue;
            }
            double bound = Exposition.number(le);
            if (Double.isInfinite(bound)) {
                all = Double.isNaN(all) ? rate : all + rate;
            } else if (Math.abs(bound - thresholdSeconds) < 1e-9) {
                within = Double.isNaN(within) ? rate : within + rate;
            }
        }
        return all > 0 ? 1 - within / all : Double.NaN;
    }

    /** Mean rows per batch over the range: rate of the rows' sum over rate of batches. */
    public double meanBatchSize(String model, String version, long startMs, long endMs) {
        double rows = sumRate(model, version, ModelMetricQueries.BATCH_SIZE_SUM, null, startMs, endMs);
        double batches = sumRate(model, version, ModelMetricQueries.BATCH_SIZE_COUNT, null, startMs, endMs);
        return rows / batches;
    }

    private double quantile(double q, String model, String version, long startMs, long endMs) {
        Map<Double, Double> byBound = new TreeMap<>();
        for (SeriesStore.Range range :
                ranges(model, version, ModelMetricQueries.LATENCY_BUCKET, ModelMetricQueries.SUCCESS, startMs, endMs)) {
            double rate = PromMath.rate(range.times(), range.values(), range.count(), startMs, endMs);
            String le = range.key().labels().get(ModelMetricQueries.LE);
            if (le == null || Double.isNaN(rate)) {
                continue;
            }
            byBound.merge(Exposition.number(le), rate, Double::sum);
        }
        double[] bounds =
                byBound.keySet().stream().mapToDouble(Double::doubleValue).toArray();
        double[] rates =
                byBound.values().stream().mapToDouble(Double::doubleValue).toArray();
        return PromMath.histogramQuantile(q, bounds, rates);
    }

    private double sumRate(String model, String version, String name, String outcome, long startMs, long endMs) {
        double sum = Double.NaN;
        for (SeriesStore.Range range : ranges(model, version, name, outcome, startMs, endMs)) {
            double rate = PromMath.rate(range.times(), range.values(), range.count(), startMs, endMs);
            if (!Double.isNaN(rate)) {
                sum = Double.isNaN(sum) ? rate : sum + rate;
            }
        }
        return sum;
    }

    private List<SeriesStore.Range> ranges(
            String model, String version, String name, String outcome, long startMs, long endMs) {
        return store.select(
                key -> key.name().equals(name)
                        && model.equals(key.labels().get(ModelMetricQueries.MODEL))
                        && version.equals(key.labels().get(ModelMetricQueries.VERSION))
                        && (outcome == null || outcome.equals(key.labels().get(ModelMetricQueries.OUTCOME))),
                startMs,
                endMs);
    }
}
