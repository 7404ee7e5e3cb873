package io.dubboai.router.metrics;

import io.dubboai.router.ModelRuleManager;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Publishes a module's {@link ModelRuleManager} counters to a Micrometer registry. The manager is not wrapped; the
 * counter reads {@link ModelRuleManager#rejectedRules()} when scraped.
 *
 * <pre>{@code
 * new RouterMetrics(ruleManager, "my-consumer").bindTo(registry);
 * }</pre>
 */
public final class RouterMetrics implements MeterBinder {

    private final ModelRuleManager rules;
    private final String application;

    /**
     * @param rules the module's rule manager (its bean in the module's bean factory)
     * @param application the Dubbo application name, used as the {@value RouterMetricNames#TAG_APPLICATION} tag
     */
    public RouterMetrics(ModelRuleManager rules, String application) {
        this.rules = rules;
        this.application = application;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        FunctionCounter.builder(RouterMetricNames.RULES_REJECTED, rules, ModelRuleManager::rejectedRules)
                .description("Route rule texts rejected by this consumer; the last good rule stayed in force")
                .tag(RouterMetricNames.TAG_APPLICATION, application)
                .register(registry);
    }
}
