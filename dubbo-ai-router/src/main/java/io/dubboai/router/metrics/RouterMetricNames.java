package io.dubboai.router.metrics;

/** Every meter name of the router, in one place, dot case under the {@code dubbo.ai.} prefix. */
public final class RouterMetricNames {

    /** Prefix of every router meter. */
    public static final String PREFIX = "dubbo.ai.router.";

    /** Counter: route rule texts rejected (the last good rule stayed in force). */
    public static final String RULES_REJECTED = PREFIX + "rules.rejected";

    /** Tag naming the Dubbo application whose rule manager a meter reads. */
    public static final String TAG_APPLICATION = "application";

    private RouterMetricNames() {}
}
