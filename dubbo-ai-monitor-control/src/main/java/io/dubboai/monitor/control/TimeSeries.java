package io.dubboai.monitor.control;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A model version's metrics over time, for charts. Each value is over the {@code step} that ends at the point's time;
 * NaN (JSON {@code null}) where nothing was scraped.
 *
 * @param model the model
 * @param version the version
 * @param points oldest first
 */
public record TimeSeries(String model, String version, List<Point> points) {

    /** Copies. */
    public TimeSeries {
        points = List.copyOf(points);
    }

    /**
     * One point.
     *
     * @param time the end of the step
     * @param throughput calls per second
     * @param errorRate failed share of calls, 0..1
     * @param latencyP50 seconds, successful calls
     * @param latencyP99 seconds, successful calls
     * @param batchSize mean rows per batch of the batcher
     */
    public record Point(
            Instant time,
            @Nullable Double throughput,
            @Nullable Double errorRate,
            @Nullable Double latencyP50,
            @Nullable Double latencyP99,
            @Nullable Double batchSize) {}
}
