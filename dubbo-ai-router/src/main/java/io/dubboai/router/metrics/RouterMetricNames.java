package io.dubboai.router.metrics;

/** Every meter name of the router, in one place, dot case under the {@code dubbo.ai.} prefix. */
public final class RouterMetricNames {

    /** Prefix of every router meter. */
    public static final String PREFIX = "dubbo.ai.router.";

    /** Counter: route rule texts rejected (the last good rule stayed in force). */
    public static final String RULES_REJECTED = PREFIX + "rules.rejected";

    /** Counter: copies of calls mirrored to a rule's shadow version (handed to the cluster to be sent). */
    public static final String SHADOW_MIRRORED = PREFIX + "shadow.mirrored";

    /** Counter: copies not sent because too many were pending, or the application was stopping. */
    public static final String SHADOW_DROPPED = PREFIX + "shadow.dropped";

    /** Counter: mirrored copies that failed (no provider, error, timeout); their callers never saw it. */
    public static final String SHADOW_FAILED = PREFIX + "shadow.failed";

    /** Tag naming the model of a shadow counter. */
    public static final String TAG_MODEL = "model";

    /** Tag naming the shadow version of a shadow counter. */
    public static final String TAG_VERSION = "version";

    /** Tag naming the Dubbo application whose rule manager a meter reads. */
    public static final String TAG_APPLICATION = "application";

    private RouterMetricNames() {}
}
