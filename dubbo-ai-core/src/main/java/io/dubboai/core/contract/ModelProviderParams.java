package io.dubboai.core.contract;

/**
 * URL parameter keys that every model-serving provider registers, so that consumers (the router, the load
 * balance) can tell versions and accelerators apart.
 *
 * <p>Rules for these keys:
 *
 * <ul>
 *   <li><b>Namespaced</b> with {@value #PREFIX}: a consumer URL parameter with the same key as a provider
 *       parameter shadows it in {@code URL.getParameter}; nobody sets {@code dubbo-ai-*} on a consumer by
 *       accident.
 *   <li><b>Static only</b>: every parameter change makes a new metadata revision in instance-level service
 *       discovery, so nothing that changes while the provider runs (load, queue depth, GPU utilisation) is a URL
 *       parameter. Live load travels back in response attachments, see {@link ModelAttachments}.
 *   <li><b>Lower case, hyphenated</b>: no dots (Dubbo reads {@code a.b} keys as method parameters) and no
 *       upper case.
 * </ul>
 *
 * <p>Readers on the consumer side must read the provider's own value: in instance-level discovery use
 * {@code url.getOriginalServiceParameter(protocolServiceKey, key)}, otherwise {@code url.getOriginalParameter(key)};
 * plain {@code url.getParameter(key)} returns a consumer parameter of the same name instead.
 */
public final class ModelProviderParams {

    /** Prefix shared by every key in this class. */
    public static final String PREFIX = "dubbo-ai-";

    /** Registered model name, e.g. {@code sentiment}. Its presence marks a provider as a model provider. */
    public static final String MODEL = PREFIX + "model";

    /** Model version served by this provider, e.g. {@code 3}; matches the registry's version number. */
    public static final String MODEL_VERSION = PREFIX + "model-version";

    /** Runtime that executes the model, e.g. {@code onnxruntime}. */
    public static final String RUNTIME = PREFIX + "runtime";

    /** Accelerator kind: {@link Accelerator#CPU} or {@link Accelerator#GPU} (lower-case names). */
    public static final String ACCELERATOR = PREFIX + "accelerator";

    /** GPU product name as reported by the driver, e.g. {@code NVIDIA H100 80GB HBM3}; absent on CPU providers. */
    public static final String GPU_TYPE = PREFIX + "gpu-type";

    /** Number of GPUs the provider may use; absent or {@code 0} on CPU providers. */
    public static final String GPU_COUNT = PREFIX + "gpu-count";

    /** Memory of one GPU in MiB; absent on CPU providers. */
    public static final String GPU_MEMORY_MIB = PREFIX + "gpu-memory-mib";

    /**
     * Port of the provider's Dubbo QoS server, whose {@code GET /metrics} serves the model meters in Prometheus text
     * format, on the provider's host; absent when QoS is off. Fixed for the provider's life (static, as above).
     */
    public static final String METRICS_PORT = PREFIX + "metrics-port";

    /**
     * Id of the model host ({@code dubbo-ai-model-host}) serving the provider; absent on single-model providers. A
     * host's one exported service carries it without {@link #MODEL}: which model and version a call is for is then a
     * property of the call (request's model name, routed version), not of the service.
     */
    public static final String HOST_ID = PREFIX + "host-id";

    private ModelProviderParams() {}
}
