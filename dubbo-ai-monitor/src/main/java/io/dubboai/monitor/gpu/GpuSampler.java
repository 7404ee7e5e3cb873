package io.dubboai.monitor.gpu;

import io.dubboai.monitor.metrics.ModelMetricNames;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * GPU utilisation and memory gauges ({@link ModelMetricNames#GPU_UTILIZATION}, {@link
 * ModelMetricNames#GPU_MEMORY_USED}, {@link ModelMetricNames#GPU_MEMORY_TOTAL}, one series per GPU index), sampled
 * with {@code nvidia-smi} on a daemon thread of its own, never on a call's thread: a scrape reads the last sample.
 *
 * <p>The command runs through a runner with a timeout (in production {@code AcceleratorDetector.commandRunner}, the
 * same one serving uses to detect GPUs), so a hung driver costs one sampling thread a timeout, not a call. A failed
 * sample counts in {@link ModelMetricNames#GPU_SAMPLE_FAILURES} and sets the gauges to {@code NaN} until the next good
 * one: a stale value would look healthy. If the very first sample finds no GPU (no {@code nvidia-smi}, none listed)
 * the sampler stops, registers nothing and logs once: a CPU host costs one command.
 */
public final class GpuSampler implements AutoCloseable {

    /** The command run for each sample. */
    public static final List<String> QUERY = List.of(
            "nvidia-smi",
            "--query-gpu=index,name,utilization.gpu,memory.used,memory.total",
            "--format=csv,noheader,nounits");

    private static final Logger log = LoggerFactory.getLogger(GpuSampler.class);
    private static final long MIB = 1024L * 1024L;

    private final MeterRegistry registry;
    private final Function<List<String>, Optional<String>> runner;
    private final Map<Integer, Holder> gpus = new ConcurrentHashMap<>();
    private final List<Meter> meters = new ArrayList<>();
    private final Counter failures;
    private @Nullable ScheduledExecutorService scheduler;
    private volatile boolean everSampled;

    /**
     * @param runner runs a command and returns its standard output; empty when it cannot run, fails or times out
     */
    public GpuSampler(MeterRegistry registry, Function<List<String>, Optional<String>> runner) {
        this.registry = registry;
        this.runner = runner;
        this.failures = Counter.builder(ModelMetricNames.GPU_SAMPLE_FAILURES)
                .description("nvidia-smi samples that failed: timed out, exited non-zero or unreadable")
                .register(registry);
    }

    /** Samples every {@code interval} on a daemon thread, starting now. */
    public synchronized GpuSampler start(Duration interval) {
        if (scheduler != null) {
            throw new IllegalStateException("GPU sampler is already started");
        }
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "dubbo-ai-gpu-sampler");
            thread.setDaemon(true);
            return thread;
        });
        scheduler = executor;
        executor.scheduleWithFixedDelay(this::sampleQuietly, 0, interval.toNanos(), TimeUnit.NANOSECONDS);
        return this;
    }

    private void sampleQuietly() {
        try {
            if (!sample() && !everSampled) {
                log.info("No GPU found by nvidia-smi; GPU gauges are off");
                stopScheduler();
            }
        } catch (RuntimeException e) {
            log.warn("GPU sample failed", e);
        }
    }

    /**
     * Takes one sample now, on the calling thread, and updates the gauges.
     *
     * @return whether a GPU was read
     */
    public boolean sample() {
        Optional<String> output = runner.apply(QUERY);
        List<GpuSample> samples = output.map(GpuSampler::parse).orElse(List.of());
        if (samples.isEmpty()) {
            if (everSampled) {
                failures.increment();
                gpus.values().forEach(holder -> holder.sample = null);
            }
            return false;
        }
        everSampled = true;
        for (GpuSample sample : samples) {
            gpus.computeIfAbsent(sample.index(), index -> register(sample)).sample = sample;
        }
        return true;
    }

    private Holder register(GpuSample first) {
        Holder holder = new Holder();
        Tags tags = Tags.of(
                ModelMetricNames.TAG_GPU_INDEX,
                Integer.toString(first.index()),
                ModelMetricNames.TAG_GPU_TYPE,
                first.name());
        synchronized (meters) {
            meters.add(gauge(
                    ModelMetricNames.GPU_UTILIZATION,
                    "GPU utilisation, ratio 0..1",
                    null,
                    holder,
                    tags,
                    s -> s.utilization()));
            meters.add(gauge(
                    ModelMetricNames.GPU_MEMORY_USED,
                    "GPU memory in use",
                    "bytes",
                    holder,
                    tags,
                    s -> s.memoryUsedBytes() < 0 ? Double.NaN : s.memoryUsedBytes()));
            meters.add(gauge(
                    ModelMetricNames.GPU_MEMORY_TOTAL,
                    "GPU memory in total",
                    "bytes",
                    holder,
                    tags,
                    s -> s.memoryTotalBytes() < 0 ? Double.NaN : s.memoryTotalBytes()));
        }
        return holder;
    }

    private Gauge gauge(
            String name,
            String description,
            @Nullable String unit,
            Holder holder,
            Tags tags,
            ToDoubleFunction<GpuSample> value) {
        return Gauge.builder(name, holder, h -> {
                    GpuSample sample = h.sample;
                    return sample == null ? Double.NaN : value.applyAsDouble(sample);
                })
                .description(description)
                .baseUnit(unit)
                .tags(tags)
                .strongReference(true)
                .register(registry);
    }

    /** The GPU indexes seen so far. */
    public List<Integer> gpuIndexes() {
        return gpus.keySet().stream().sorted().toList();
    }

    /**
     * Parses {@code nvidia-smi --query-gpu=index,name,utilization.gpu,memory.used,memory.total
     * --format=csv,noheader,nounits}: one GPU per line, memory in MiB, utilisation in percent. A field {@code nvidia-smi}
     * cannot read ({@code [N/A]}, {@code [Not Supported]}) becomes {@code NaN}/{@code -1}; a line that is not five
     * fields with an integer index is skipped (and logged). The name may itself contain commas: fields are taken from
     * both ends.
     */
    public static List<GpuSample> parse(String csv) {
        List<GpuSample> samples = new ArrayList<>();
        for (String raw : csv.lines().toList()) {
            String line = raw.trim();
            if (line.isEmpty()) {
                continue;
            }
            int first = line.indexOf(',');
            int third = line.lastIndexOf(',');
            int second = third < 0 ? -1 : line.lastIndexOf(',', third - 1);
            int nameEnd = second < 0 ? -1 : line.lastIndexOf(',', second - 1);
            if (first < 0 || nameEnd <= first) {
                log.warn("Cannot read nvidia-smi line '{}': expected index, name, utilization, used, total", line);
                continue;
            }
            try {
                int index = Integer.parseInt(line.substring(0, first).trim());
                String name = line.substring(first + 1, nameEnd).trim();
                double percent = number(line.substring(nameEnd + 1, second));
                double used = number(line.substring(second + 1, third));
                double total = number(line.substring(third + 1));
                samples.add(new GpuSample(
                        index,
                        name,
                        Double.isNaN(percent) ? Double.NaN : Math.min(1.0, Math.max(0.0, percent / 100.0)),
                        Double.isNaN(used) ? -1 : (long) used * MIB,
                        Double.isNaN(total) ? -1 : (long) total * MIB));
            } catch (NumberFormatException e) {
                log.warn("Cannot read the GPU index in nvidia-smi line '{}'", line);
            }
        }
        return samples;
    }

    /** A number, or {@code NaN} for nvidia-smi's {@code [N/A]} and the like. */
    private static double number(String field) {
        String text = field.trim();
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    private synchronized void stopScheduler() {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }

    /** Whether sampling is scheduled (false after {@link #close()} or when no GPU was found at the start). */
    public synchronized boolean running() {
        return scheduler != null && !scheduler.isShutdown();
    }

    /** Stops sampling and removes the gauges. Idempotent. */
    @Override
    public void close() {
        stopScheduler();
        synchronized (meters) {
            meters.forEach(registry::remove);
            meters.clear();
        }
        registry.remove(failures);
    }

    private static final class Holder {
        volatile @Nullable GpuSample sample;
    }
}
