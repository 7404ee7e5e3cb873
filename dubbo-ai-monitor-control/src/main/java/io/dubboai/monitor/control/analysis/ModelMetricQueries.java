package io.dubboai.monitor.control.analysis;

/**
 * The Prometheus names of the provider meters the analysis reads ({@code ModelMetricNames} in
 * {@code dubbo-ai-monitor} as Prometheus shows them), and the label values of their tags.
 */
public final class ModelMetricQueries {

    /** Calls served, by {@code outcome} and {@code error}. */
    public static final String REQUESTS = "dubbo_ai_model_requests_total";

    /** Latency histogram buckets, by {@code outcome} and {@code le}. */
    public static final String LATENCY_BUCKET = "dubbo_ai_model_latency_seconds_bucket";

    /** Sum of rows over the batcher's runtime calls. */
    public static final String BATCH_SIZE_SUM = "dubbo_ai_model_batch_size_rows_sum";

    /** Runtime calls of the batcher. */
    public static final String BATCH_SIZE_COUNT = "dubbo_ai_model_batch_size_rows_count";

    /** Prefix of every model meter. */
    public static final String PREFIX = "dubbo_ai_";

    /** Label of the model. */
    public static final String MODEL = "model";

    /** Label of the version. */
    public static final String VERSION = "version";

    /** Label of the outcome. */
    public static final String OUTCOME = "outcome";

    /** {@code outcome} of failed calls. */
    public static final String ERROR = "error";

    /** {@code outcome} of successful calls. */
    public static final String SUCCESS = "success";

    /** Histogram bucket bound label. */
    public static final String LE = "le";

    private ModelMetricQueries() {}
}
