package io.dubboai.monitor;

import io.dubboai.core.contract.Accelerator;
import io.dubboai.core.contract.ModelProviderParams;
import io.dubboai.monitor.gpu.GpuSampler;
import io.dubboai.monitor.metrics.BatchMetrics;
import io.dubboai.monitor.metrics.CallMetrics;
import io.dubboai.monitor.metrics.ModelMeters;
import io.dubboai.serving.batch.BatchObserver;
import io.dubboai.serving.engine.ModelConfig;
import io.dubboai.serving.provider.AcceleratorDetector;
import io.dubboai.serving.provider.ModelServingListener;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Map;
import org.apache.dubbo.rpc.model.ApplicationModel;
import org.jspecify.annotations.Nullable;

/**
 * Watches the models a {@code ModelServer} loads: the batcher's meters ({@link BatchMetrics}) for each, and, when the
 * model runs on a GPU, the GPU gauges ({@link GpuSampler}) while it is loaded. Registered in
 * {@code META-INF/dubbo/io.dubboai.serving.provider.ModelServingListener}; one per server application.
 *
 * <p>Settings, read from the application's Dubbo configuration (system properties, environment, {@code
 * dubbo.properties}): {@value #GPU_INTERVAL} (default {@code PT10S}) and {@value #GPU_TIMEOUT} (default {@code PT5S}),
 * as ISO-8601 durations.
 */
public final class MonitorServingListener implements ModelServingListener {

    /** How often GPUs are sampled. */
    public static final String GPU_INTERVAL = "dubbo.ai.monitor.gpu.interval";

    /** How long one {@code nvidia-smi} run may take before it is killed. */
    public static final String GPU_TIMEOUT = "dubbo.ai.monitor.gpu.timeout";

    private final ApplicationModel application;
    private @Nullable GpuSampler gpuSampler;

    /** Created by Dubbo's extension loader with the server's application. */
    public MonitorServingListener(ApplicationModel application) {
        this.application = application;
    }

    @Override
    public synchronized BatchObserver loading(ModelConfig model, Map<String, String> providerParameters) {
        ModelMeters meters = ModelMeters.of(application);
        boolean gpu = Accelerator.GPU.wireName().equals(providerParameters.get(ModelProviderParams.ACCELERATOR));
        if (gpu && gpuSampler == null) {
            gpuSampler = new GpuSampler(
                            meters.registry(),
                            AcceleratorDetector.commandRunner(duration(GPU_TIMEOUT, Duration.ofSeconds(5))))
                    .start(duration(GPU_INTERVAL, Duration.ofSeconds(10)));
        }
        return new BatchMetrics(
                meters.registry(),
                CallMetrics.tags(providerParameters),
                model.batching().maxBatchSize());
    }

    @Override
    public synchronized void closed(ModelConfig model, Map<String, String> providerParameters) {
        if (gpuSampler != null) {
            gpuSampler.close();
            gpuSampler = null;
        }
    }

    private Duration duration(String key, Duration fallback) {
        String text = application.modelEnvironment().getConfiguration().getString(key);
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            Duration value = Duration.parse(text.trim());
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(
                        key + " must be a positive duration such as PT10S, but was '" + text + "'");
            }
            return value;
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(
                    key + " must be an ISO-8601 duration such as PT10S, but was '" + text + "'", e);
        }
    }
}
