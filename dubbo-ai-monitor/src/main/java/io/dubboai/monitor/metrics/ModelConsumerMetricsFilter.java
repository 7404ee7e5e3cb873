package io.dubboai.monitor.metrics;

import io.dubboai.core.contract.ModelProviderParams;
import org.apache.dubbo.common.constants.CommonConstants;
import org.apache.dubbo.common.extension.Activate;
import org.apache.dubbo.rpc.model.ModuleModel;

/**
 * Consumer filter recording every call made to a model provider ({@link ModelMetricNames#CLIENT_REQUESTS},
 * {@link ModelMetricNames#CLIENT_LATENCY}, {@link ModelMetricNames#CLIENT_IN_FLIGHT}), tagged with the provider's own
 * model parameters; calls to providers without {@link ModelProviderParams#MODEL} are not recorded. It sits below the
 * cluster, so each attempt of a failover is one call to the provider that got it.
 */
@Activate(group = CommonConstants.CONSUMER)
public final class ModelConsumerMetricsFilter extends ModelCallMetricsFilter {

    /** Extension name in {@code META-INF/dubbo/org.apache.dubbo.rpc.Filter}. */
    public static final String NAME = "dubbo-ai-consumer-metrics";

    /** Created by Dubbo's extension loader with the consumer's module. */
    public ModelConsumerMetricsFilter(ModuleModel module) {
        this(ModelMeters.of(module.getApplicationModel()));
    }

    /** A filter recording into {@code meters} (benchmarks, tests). */
    public ModelConsumerMetricsFilter(ModelMeters meters) {
        super(meters.consumer(), true);
    }
}
