package io.dubboai.monitor.metrics;

import java.time.Duration;
import java.util.List;

/**
 * Every meter name and tag key of dubbo-ai-monitor, in one place: Micrometer dot case under {@value #PREFIX}. The
 * Prometheus registry writes them in snake case with unit suffixes ({@code dubbo.ai.model.requests} becomes
 * {@code dubbo_ai_model_requests_total}, {@code dubbo.ai.model.latency} becomes
 * {@code dubbo_ai_model_latency_seconds_bucket}, …). Tags are bounded: model, version, accelerator, GPU type, outcome,
 * error kind, never a per-request value.
 */
public final class ModelMetricNames {

    /** Prefix of every meter. */
    public static final String PREFIX = "dubbo.ai.";

    // ---- provider side: calls a model provider served ----

    /** Counter: calls served, by {@link #TAG_OUTCOME} and {@link #TAG_ERROR}. */
    public static final String REQUESTS = PREFIX + "model.requests";

    /** Timer with a Prometheus histogram: time to serve a call, by {@link #TAG_OUTCOME}. */
    public static final String LATENCY = PREFIX + "model.latency";

    /** Gauge: calls being served now. */
    public static final String IN_FLIGHT = PREFIX + "model.inflight";

    // ---- consumer side: calls a consumer made to model providers ----

    /** Counter: calls made, by {@link #TAG_OUTCOME} and {@link #TAG_ERROR}. */
    public static final String CLIENT_REQUESTS = PREFIX + "model.client.requests";

    /** Timer with a Prometheus histogram: round-trip time of a call, by {@link #TAG_OUTCOME}. */
    public static final String CLIENT_LATENCY = PREFIX + "model.client.latency";

    /** Gauge: calls waiting for an answer now. */
    public static final String CLIENT_IN_FLIGHT = PREFIX + "model.client.inflight";

    // ---- the provider's dynamic batcher ----

    /** Distribution summary with a histogram: rows per runtime call. */
    public static final String BATCH_SIZE = PREFIX + "model.batch.size";

    /** Timer with a histogram: time a request waited in the batching queue before its batch started. */
    public static final String BATCH_QUEUE_WAIT = PREFIX + "model.batch.queue.wait";

    /** Counter: requests the batcher turned away, by {@link #TAG_REASON}. */
    public static final String BATCH_REJECTIONS = PREFIX + "model.batch.rejections";

    // ---- GPUs of the provider host ----

    /** Gauge: GPU utilisation as a ratio 0..1, by {@link #TAG_GPU_INDEX}. */
    public static final String GPU_UTILIZATION = PREFIX + "gpu.utilization";

    /** Gauge: GPU memory in use, bytes. */
    public static final String GPU_MEMORY_USED = PREFIX + "gpu.memory.used";

    /** Gauge: GPU memory in total, bytes. */
    public static final String GPU_MEMORY_TOTAL = PREFIX + "gpu.memory.total";

    /** Counter: {@code nvidia-smi} samples that failed (timed out, exited non-zero, unreadable). */
    public static final String GPU_SAMPLE_FAILURES = PREFIX + "gpu.sample.failures";

    // ---- input sketches ----

    /** Counter: sampled requests whose inputs went into the sketches. */
    public static final String SKETCH_SAMPLED = PREFIX + "model.sketch.sampled";

    /** Counter: sampled requests dropped because the sketch queue was full. */
    public static final String SKETCH_DROPPED = PREFIX + "model.sketch.dropped";

    // ---- tags ----

    /** Tag: model name ({@code dubbo-ai-model}). */
    public static final String TAG_MODEL = "model";

    /** Tag: model version ({@code dubbo-ai-model-version}); {@value #NONE} when the provider did not say. */
    public static final String TAG_VERSION = "version";

    /** Tag: {@code cpu} or {@code gpu} ({@code dubbo-ai-accelerator}); {@value #NONE} when absent. */
    public static final String TAG_ACCELERATOR = "accelerator";

    /** Tag: GPU product name ({@code dubbo-ai-gpu-type}); {@value #NONE} on CPU providers. */
    public static final String TAG_GPU_TYPE = "gpu.type";

    /** Tag: {@code success} or {@code error}. */
    public static final String TAG_OUTCOME = "outcome";

    /** Tag: the error kind, lower case ({@link CallOutcome#errorTag()}); {@value #NONE} on success. */
    public static final String TAG_ERROR = "error";

    /** Tag of {@link #BATCH_REJECTIONS}: {@code overloaded} or {@code queue_timeout}. */
    public static final String TAG_REASON = "reason";

    /** Tag: GPU index as {@code nvidia-smi} numbers it. */
    public static final String TAG_GPU_INDEX = "gpu.index";

    /** Value of a tag that does not apply or is unknown. */
    public static final String NONE = "none";

    /**
     * Latency thresholds every latency histogram has a bucket for (besides Micrometer's percentile buckets): the
     * thresholds latency SLOs and alerts are written against, so that the share of calls slower than one is exact.
     */
    public static final List<Duration> LATENCY_SLO_BUCKETS = List.of(
            Duration.ofMillis(1),
            Duration.ofMillis(5),
            Duration.ofMillis(10),
            Duration.ofMillis(25),
            Duration.ofMillis(50),
            Duration.ofMillis(100),
            Duration.ofMillis(250),
            Duration.ofMillis(500),
            Duration.ofSeconds(1),
            Duration.ofMillis(2500),
            Duration.ofSeconds(5),
            Duration.ofSeconds(10));

    private ModelMetricNames() {}
}
