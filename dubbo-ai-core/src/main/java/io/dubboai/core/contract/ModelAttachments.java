package io.dubboai.core.contract;

/**
 * Invocation attachment keys of dubbo-ai: what a consumer may set on a call, and what a provider answers.
 *
 * <p>All keys are lower case because Triple lower-cases attachment keys on the wire; a key with upper-case
 * letters set by a consumer would arrive under another name.
 *
 * <p>Request attachments are read by the router, in this order of precedence: {@link #VERSION}, {@link #ALIAS},
 * the sticky key named by the route rule (by default {@link #STICKY_KEY}), then the rule's weighted split.
 */
public final class ModelAttachments {

    /** Prefix shared by every key in this class. */
    public static final String PREFIX = "dubbo-ai-";

    // ---- request (consumer → provider) ----

    /** Pins the call to one model version, e.g. {@code 3}. Wins over every other routing input. */
    public static final String VERSION = PREFIX + "version";

    /** Routes the call to the version an alias points at in the route rule, e.g. {@code champion}. */
    public static final String ALIAS = PREFIX + "alias";

    /**
     * Default attachment holding the sticky routing value (a user or session id). Calls with the same value stay
     * on the same version while the weights are unchanged. A route rule may name another attachment instead.
     */
    public static final String STICKY_KEY = PREFIX + "sticky-key";

    /** Experiment the call belongs to; set by the caller ({@code ModelRouting.experiment}); A/B testing is planned. */
    public static final String EXPERIMENT = PREFIX + "experiment";

    /**
     * The model version of the provider the consumer's router chose, set by the router's consumer filter on every
     * call to a model provider (never by the caller). A model host serving several versions of one model answers with
     * exactly this version; a request whose {@code model_version} names another one is refused.
     */
    public static final String ROUTED_VERSION = PREFIX + "routed-version";

    /**
     * Marks a copy of a call that the consumer's router mirrored to a route rule's {@code shadow} version (value
     * {@code true}); set by the router only. A marked call is never mirrored again, and its answer is discarded, so a
     * provider can count it apart (it is still a call of the version it pins).
     */
    public static final String SHADOW = PREFIX + "shadow";

    // ---- response (provider → consumer) ----

    /** The model version that actually served the call. */
    public static final String SERVED_VERSION = PREFIX + "served-version";

    /** Calls in flight on the provider when the response was sent (integer). */
    public static final String LOAD_INFLIGHT = PREFIX + "load-inflight";

    /** Requests waiting in the provider's batching queue when the response was sent (integer). */
    public static final String LOAD_QUEUE = PREFIX + "load-queue";

    /** GPU utilisation of the provider in percent, 0..100 (integer); absent on CPU providers. */
    public static final String LOAD_GPU_UTIL = PREFIX + "load-gpu-util";

    private ModelAttachments() {}
}
