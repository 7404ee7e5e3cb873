package io.dubboai.monitor.metrics;

import io.dubboai.core.contract.ModelProviderParams;
import org.apache.dubbo.common.constants.CommonConstants;
import org.apache.dubbo.common.extension.Activate;
import org.apache.dubbo.rpc.Invocation;
import org.apache.dubbo.rpc.Invoker;
import org.apache.dubbo.rpc.model.ModuleModel;
import org.jspecify.annotations.Nullable;

/**
 * Provider filter recording every call a model service serves ({@link ModelMetricNames#REQUESTS},
 * {@link ModelMetricNames#LATENCY}, {@link ModelMetricNames#IN_FLIGHT}); services without
 * {@link ModelProviderParams#MODEL} are not recorded. Activated for every provider by Dubbo's SPI
 * ({@code META-INF/dubbo/org.apache.dubbo.rpc.Filter}); the meters go to the application's {@link ModelMeters}.
 *
 * <p>It runs inside Dubbo's own provider filters ({@link #ORDER}), next to the service: it sees the exception the
 * service threw before Dubbo's {@code ExceptionFilter} wraps an undeclared one into a plain {@code RuntimeException},
 * and it times the model's work rather than Dubbo's.
 *
 * <p>After a call of the Open Inference Protocol's {@code ModelInfer} is served, its request may be sampled for the
 * input sketches ({@link InputSketches}): one random draw on the call's thread, the decoding on the sketching thread.
 */
@Activate(group = CommonConstants.PROVIDER, order = ModelProviderMetricsFilter.ORDER)
public final class ModelProviderMetricsFilter extends ModelCallMetricsFilter {

    /** Extension name in {@code META-INF/dubbo/org.apache.dubbo.rpc.Filter}. */
    public static final String NAME = "dubbo-ai-provider-metrics";

    /** Activation order: after Dubbo's provider filters (order 0 and below), before the invoker of the service. */
    public static final int ORDER = 10_000;

    private final @Nullable InputSketches sketches;

    /** Created by Dubbo's extension loader with the provider's module; sketches inputs as configured. */
    public ModelProviderMetricsFilter(ModuleModel module) {
        this(ModelMeters.of(module.getApplicationModel()), InputSketches.of(module.getApplicationModel()));
    }

    /**
     * A filter recording into {@code meters} (benchmarks, tests).
     *
     * @param sketches where sampled Open Inference Protocol requests go; {@code null} for no sketches
     */
    public ModelProviderMetricsFilter(ModelMeters meters, @Nullable InputSketches sketches) {
        super(meters.provider(), false);
        this.sketches = sketches;
    }

    @Override
    void served(Invoker<?> invoker, Invocation invocation, ServiceMeters meters, @Nullable Object answer) {
        if (sketches != null) {
            sketches.served(
                    meters,
                    invocation.getInvoker() != null ? invocation.getInvoker().getInterface() : invoker.getInterface(),
                    invocation,
                    answer);
        }
    }
}
