package io.dubboai.monitor.gpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dubboai.monitor.metrics.ModelMetricNames;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class GpuSamplerTest {

    /**
     * The shape {@code nvidia-smi --query-gpu=index,name,utilization.gpu,memory.used,memory.total
     * --format=csv,noheader,nounits} prints on a two-GPU host (driver 535): one GPU per line, a field the driver
     * cannot read as {@code [N/A]}.
     */
    static final String TWO_GPUS =
            "0, NVIDIA H100 80GB HBM3, 37, 1024, 81559\n" + "1, NVIDIA H100 80GB HBM3, [N/A], 0, 81559\n";

    private static final long MIB = 1024L * 1024L;

    @Test
    void parse_twoGpus_readsEachLineAndNotAvailableFields() {
        List<GpuSample> samples = GpuSampler.parse(TWO_GPUS);

        assertThat(samples)
                .containsExactly(
                        new GpuSample(0, "NVIDIA H100 80GB HBM3", 0.37, 1024 * MIB, 81559 * MIB),
                        new GpuSample(1, "NVIDIA H100 80GB HBM3", Double.NaN, 0, 81559 * MIB));
    }

    @Test
    void parse_nameWithCommasAndGarbage_takesFieldsFromBothEndsAndSkipsBadLines() {
        List<GpuSample> samples = GpuSampler.parse("NVIDIA-SMI has failed because it couldn't communicate\n"
                + "x, Tesla T4, 10, 1, 2\n"
                + "2, Vendor, Model, Rev A, 100, [Not Supported], 15360\n\n");

        assertThat(samples).containsExactly(new GpuSample(2, "Vendor, Model, Rev A", 1.0, -1, 15360 * MIB));
    }

    @Test
    void sample_gpuPresent_registersGaugesPerIndexAndCountsLaterFailures() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Deque<Optional<String>> outputs = new ArrayDeque<>(List.of(Optional.of(TWO_GPUS), Optional.empty()));
        GpuSampler sampler = new GpuSampler(registry, command -> outputs.pop());

        assertThat(sampler.sample()).isTrue();
        assertThat(sampler.gpuIndexes()).containsExactly(0, 1);
        assertThat(registry.get(ModelMetricNames.GPU_UTILIZATION)
                        .tag(ModelMetricNames.TAG_GPU_INDEX, "0")
                        .tag(ModelMetricNames.TAG_GPU_TYPE, "NVIDIA H100 80GB HBM3")
                        .gauge()
                        .value())
                .isEqualTo(0.37);
        assertThat(registry.get(ModelMetricNames.GPU_MEMORY_USED)
                        .tag(ModelMetricNames.TAG_GPU_INDEX, "0")
                        .gauge()
                        .value())
                .isEqualTo(1024.0 * MIB);
        assertThat(registry.get(ModelMetricNames.GPU_MEMORY_TOTAL)
                        .tag(ModelMetricNames.TAG_GPU_INDEX, "1")
                        .gauge()
                        .value())
                .isEqualTo(81559.0 * MIB);

        // nvidia-smi now fails: a stale value would look healthy, so the gauges read NaN and the failure counts
        assertThat(sampler.sample()).isFalse();
        assertThat(registry.get(ModelMetricNames.GPU_UTILIZATION)
                        .tag(ModelMetricNames.TAG_GPU_INDEX, "0")
                        .gauge()
                        .value())
                .isNaN();
        assertThat(registry.get(ModelMetricNames.GPU_SAMPLE_FAILURES).counter().count())
                .isEqualTo(1);

        sampler.close();
        assertThat(registry.find(ModelMetricNames.GPU_UTILIZATION).gauges()).isEmpty();
    }

    @Test
    void start_noGpu_stopsAfterOneRunAndRegistersNoGauge() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        AtomicInteger runs = new AtomicInteger();
        GpuSampler sampler = new GpuSampler(registry, command -> {
                    assertThat(command).isEqualTo(GpuSampler.QUERY);
                    runs.incrementAndGet();
                    return Optional.empty();
                })
                .start(Duration.ofMillis(10));

        await().atMost(Duration.ofSeconds(10)).until(() -> !sampler.running());
        assertThat(runs).hasValue(1);
        assertThat(registry.find(ModelMetricNames.GPU_UTILIZATION).gauges()).isEmpty();
        assertThat(registry.get(ModelMetricNames.GPU_SAMPLE_FAILURES).counter().count())
                .isZero();
        sampler.close();
    }
}
