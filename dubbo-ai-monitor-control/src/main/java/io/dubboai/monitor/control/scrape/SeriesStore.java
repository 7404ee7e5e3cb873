package io.dubboai.monitor.control.scrape;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * The scraped samples, per series, for a bounded time ({@code retention}): the direct-scraping counterpart of
 * Prometheus' storage. A series is one provider instance, one metric name and one label set. Thread-safe: the scraper
 * appends, readers copy a range out under the series' lock.
 */
public final class SeriesStore {

    /** A series' identity. */
    public record SeriesKey(String instance, String name, Map<String, String> labels) {

        /** Copies. */
        public SeriesKey {
            labels = Map.copyOf(labels);
        }
    }

    /** The samples of one series within a range, ascending. */
    public record Range(SeriesKey key, long[] times, double[] values, int count) {}

    private final long retentionMs;
    private final int capacity;
    private final Map<SeriesKey, History> series = new ConcurrentHashMap<>();

    /**
     * @param retentionMs how long samples are kept
     * @param capacity samples kept per series at most (retention / scrape interval, plus slack)
     */
    public SeriesStore(long retentionMs, int capacity) {
        if (retentionMs <= 0 || capacity < 2) {
            throw new IllegalArgumentException(
                    "retention must be positive and capacity at least 2, but were " + retentionMs + ", " + capacity);
        }
        this.retentionMs = retentionMs;
        this.capacity = capacity;
    }

    /** How long samples are kept, ms. */
    public long retentionMs() {
        return retentionMs;
    }

    /** Appends a sample. */
    public void add(SeriesKey key, long timeMs, double value) {
        series.computeIfAbsent(key, k -> new History(capacity)).add(timeMs, value);
    }

    /** The samples in {@code [startMs, endMs]} of every series {@code filter} accepts that has any there. */
    public List<Range> select(Predicate<SeriesKey> filter, long startMs, long endMs) {
        List<Range> ranges = new ArrayList<>();
        series.forEach((key, history) -> {
            if (filter.test(key)) {
                Range range = history.range(key, startMs, endMs);
                if (range.count() > 0) {
                    ranges.add(range);
                }
            }
        });
        return ranges;
    }

    /** Drops series whose newest sample is older than the retention before {@code nowMs}. */
    public void prune(long nowMs) {
        series.entrySet().removeIf(e -> e.getValue().newest() < nowMs - retentionMs);
    }

    /** How many series are held. */
    public int size() {
        return series.size();
    }

    /** A ring of samples. */
    private static final class History {
        private final long[] times;
        private final double[] values;
        private int start;
        private int size;

        History(int capacity) {
            times = new long[capacity];
            values = new double[capacity];
        }

        synchronized void add(long time, double value) {
            int end = (start + size) % times.length;
            times[end] = time;
            values[end] = value;
            if (size < times.length) {
                size++;
            } else {
                start = (start + 1) % times.length;
            }
        }

        synchronized long newest() {
            return size == 0 ? Long.MIN_VALUE : times[(start + size - 1) % times.length];
        }

        synchronized Range range(SeriesKey key, long startMs, long endMs) {
            long[] t = new long[size];
            double[] v = new double[size];
            int n = 0;
            for (int i = 0; i < size; i++) {
                int at = (start + i) % times.length;
                if (times[at] >= startMs && times[at] <= endMs) {
                    t[n] = times[at];
                    v[n] = values[at];
                    n++;
                }
            }
            return new Range(key, t, v, n);
        }
    }
}
